"""Pictures for the demo content (`make run`, tests' `demo_content`): drawn here, so the
repository carries no photographs, and the demo's covers and logos show renditions made
by the same pipeline as uploaded ones (diplomacy/images.py)."""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageOps

from diplomacy.uploads import random_name


def demo_picture(*, size: tuple[int, int], colors: tuple[str, str], seed: int) -> ContentFile:
    """A gradient with a few rings, different for each `seed`, as a PNG file."""
    width, height = size
    image = ImageOps.colorize(
        Image.linear_gradient("L").rotate(90 * (seed % 4)).resize(size), *colors
    )
    draw = ImageDraw.Draw(image)
    unit = min(size) // 6
    for ring in range(4):
        x = (seed * 37 + ring * 151) % width
        y = (seed * 53 + ring * 97) % height
        radius = unit * (ring % 3 + 1)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            outline="white",
            width=max(2, unit // 8),
        )
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return ContentFile(output.getvalue(), name=random_name("png"))
