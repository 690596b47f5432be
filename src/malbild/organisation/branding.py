"""An organisation's branding: its logo (checked by content: PNG, JPEG or WebP, at most
MALBILD_LOGO_MAX_BYTES) and its accent colour, which must reach the WCAG 2.1 AA contrast of
4.5:1 against white — it is used as the header's background under white text and as the
colour of links and headings on white — on the public portal and on the internal pages."""

import io
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_PIXELS = 4000
#: Pillow's format name → content type of the logos accepted.
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
AA_NORMAL_TEXT = 4.5
SOFT_GREY = "#f2f4f6"  # --soft in web/static/malbild/malbild.css
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def logo_max_bytes() -> int:
    return int(getattr(settings, "MALBILD_LOGO_MAX_BYTES", DEFAULT_LOGO_MAX_BYTES))


def logo_path(instance, filename: str) -> str:
    """A generated name: nothing of the uploaded name is kept."""
    return f"logos/{uuid.uuid4().hex}"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a #rrggbb colour."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1's contrast ratio of two #rrggbb colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def validate_accent_colour(value: str) -> None:
    """A #rrggbb colour with at least 4.5:1 contrast against white."""
    if not value:
        return
    if not HEX_COLOUR.match(value):
        raise ValidationError(
            _("Enter the colour as # and six hexadecimal digits, e.g. #005A9C."), code="format"
        )
    # White text on the accent (the header, buttons); accent text on white and on the pale
    # grey of table headers and notices (links, headings).
    ratio = min(contrast_ratio(value, background) for background in ("#ffffff", SOFT_GREY))
    if ratio < AA_NORMAL_TEXT:
        raise ValidationError(
            _(
                "The colour %(colour)s has a contrast of only %(ratio)s:1 against white (or the "
                "light grey of tables); "
                "WCAG 2.1 AA needs at least 4.5:1 for text. Choose a darker colour."
            )
            % {"colour": value, "ratio": f"{ratio:.2f}".replace(".", ",")},
            code="contrast",
        )


def validate_logo(upload) -> str:
    """The content type of an uploaded logo, checked by its content; ValidationError naming
    the problem otherwise (too large, not an image, another image type, too many pixels)."""
    from PIL import Image, UnidentifiedImageError

    limit = logo_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The logo is too large (%(size)s kB); the limit is %(limit)s kB.")
            % {"size": upload.size // 1024, "limit": limit // 1024},
            code="size",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("The file is not an image that can be read (PNG, JPEG or WebP)."), code="type"
        ) from error
    if kind not in LOGO_TYPES:
        raise ValidationError(_("The logo must be a PNG, JPEG or WebP image."), code="type")
    if max(width, height) > LOGO_MAX_PIXELS:
        raise ValidationError(
            _("The logo may be at most %(n)s pixels wide and high.") % {"n": LOGO_MAX_PIXELS},
            code="pixels",
        )
    return LOGO_TYPES[kind]
