"""Reading the messages that reached the test SMTP server as their recipient would, and
following their links with the Django test client."""

import re
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.message import Message
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.utils import translation

# A link in plain text ends at white space; trailing sentence punctuation is not part of it.
TEXT_LINK = re.compile(r"https?://[^\s<>\"']+")
TRAILING_PUNCTUATION = ".,;:!?)»،؛"


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href is not None:
                self.hrefs.append(href)


@dataclass
class Mail:
    """One message as its recipient sees it: subject, both bodies, attachments, links."""

    message: Message
    subject: str = ""
    text: str = ""
    html: str = ""
    attachments: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def of(cls, message: Message) -> "Mail":
        mail = cls(message=message)
        mail.subject = str(make_header(decode_header(message["Subject"])))
        for part in message.walk():
            if part.is_multipart():
                continue
            payload = part.get_payload(decode=True)
            filename = part.get_filename()
            if filename:
                mail.attachments[filename] = payload
            elif part.get_content_type() == "text/plain":
                mail.text = payload.decode(part.get_content_charset() or "utf-8")
            elif part.get_content_type() == "text/html":
                mail.html = payload.decode(part.get_content_charset() or "utf-8")
        return mail

    @property
    def to(self) -> str:
        return self.message["To"]

    @property
    def text_links(self) -> list[str]:
        return [link.rstrip(TRAILING_PUNCTUATION) for link in TEXT_LINK.findall(self.text)]

    @property
    def html_links(self) -> list[str]:
        parser = _Anchors()
        parser.feed(self.html)
        return parser.hrefs

    @property
    def links(self) -> list[str]:
        """Every link of both parts, each once, in the order they appear."""
        return list(dict.fromkeys(self.text_links + self.html_links))

    def assert_same_links_in_both_parts(self) -> None:
        """Whoever reads the plain text and whoever reads the HTML can go to the same
        places (a message with only one part is not checked)."""
        if self.text and self.html:
            assert set(self.text_links) == set(self.html_links), (
                f"{self.subject!r}: only in the text {set(self.text_links) - set(self.html_links)}"
                f", only in the HTML {set(self.html_links) - set(self.text_links)}"
            )

    def links_to(self, path_part: str) -> list[str]:
        return [link for link in self.links if path_part in link]

    def link_to(self, path_part: str) -> str:
        found = self.links_to(path_part)
        assert found, f"no link containing {path_part!r} in {self.links}"
        assert len(set(found)) == 1, f"different links to {path_part!r}: {found}"
        return found[0]


def mails_to(inbox, email: str) -> list[Mail]:
    mails = [Mail.of(message) for message in inbox.messages if message["To"] == email]
    for mail in mails:
        mail.assert_same_links_in_both_parts()
    return mails


def the_mail_to(inbox, email: str, *, subject: str | None = None) -> Mail:
    found = [mail for mail in mails_to(inbox, email) if subject is None or mail.subject == subject]
    assert len(found) == 1, (
        f"expected one message to {email} ({subject!r}), got "
        f"{[mail.subject for mail in mails_to(inbox, email)]}"
    )
    mail = found[0]
    mail.assert_same_links_in_both_parts()
    return mail


def in_language(language: str, text: str, **values) -> str:
    """`text` as the portal writes it in `language` (its catalogue, not a copy here)."""
    with translation.override(language):
        translated = translation.gettext(text)
    return translated % values if values else translated


def local(url: str) -> str:
    """The part of an absolute portal link the test client requests: path and query."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
