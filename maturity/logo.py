"""The partner's logo: an uploaded image checked and re-encoded as a small PNG. No Flask."""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 1024 * 1024  # the file as uploaded
MAX_SOURCE_PIXELS = 5000 * 5000  # width x height before decoding: no decompression bombs
LOGO_BOX = (480, 160)  # the stored logo fits in this box (px), twice what the header shows
ACCEPTED_FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP"})  # no SVG: it can carry script


class LogoError(ValueError):
    """Not a logo we keep; `reason` is one of too-large, not-an-image, too-many-pixels."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def normalize_logo(data: bytes) -> bytes:
    """The image as a PNG of at most LOGO_BOX, its metadata dropped; LogoError otherwise."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise LogoError("too-large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ACCEPTED_FORMATS:
                    raise LogoError("not-an-image")
                if image.width * image.height > MAX_SOURCE_PIXELS:
                    raise LogoError("too-many-pixels")
                image.seek(0)  # the first frame of an animation
                picture = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        if isinstance(exc, LogoError):
            raise
        raise LogoError("not-an-image") from None
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise LogoError("too-many-pixels") from None
    picture.thumbnail(LOGO_BOX)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
