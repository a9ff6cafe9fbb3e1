"""Pictures in lesson steps: checked, cleaned and kept in the database.

An educator's upload is untrusted bytes. `clean_picture` takes it only when it is a
still PNG, JPEG, GIF or WebP of sensible size, and gives back a new file made from its
pixels alone: turned upright as the camera meant (EXIF orientation), at most
`picture_width` pixels wide, saved again as PNG (drawings, screenshots, anything with
transparency) or JPEG (photos), with no EXIF, GPS, ICC profile, comments or text chunks.

Decompression bombs: a file of a few kilobytes can say it is 100,000 pixels square.
Opening an image reads only its header, so the pixel count is checked against
`picture_max_pixels` before anything is decoded. Pillow's own guard
(`Image.MAX_IMAGE_PIXELS`, about 89 million, an error at twice that) stays as it is,
behind ours: it is a process-wide setting, and changing it would change it for every
other use of Pillow in the process.

Pictures are kept in the `lesson_pictures` table, beside the versions that use them:
every web process, the action server and the Matrix bot share the database already
(several machines need no shared folder), and a backup of the database is a backup of
the lessons. A stored picture never changes. A lesson file names it by a file name
("pictures/phone-call.png"); the version's content records the SHA-256 of the bytes the
name stood for when the version was saved, so a published version keeps its picture
even when a newer library file of the same name comes along. Uploads are named by
their hash ("pictures/3f9a0c1d2b4e5f60.png"), so their names never stand for two files.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.bank.db import Database
from assistant.bank.models import utcnow
from lessons.errors import BadPicture
from lessons.format import PICTURE_NAME, Picture, Step
from lessons.models import LessonPicture, LessonVersion
from lessons.settings import LessonSettings

log = logging.getLogger(__name__)

# What Pillow may try to read an upload as: no other decoder is ever run on one.
READABLE = ("PNG", "JPEG", "GIF", "WEBP")
TAKEN = "Please upload a still picture saved as PNG or JPEG."
MIN_SIDE = 100  # pixels: smaller than this, nobody sees what the picture shows
MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


@dataclass(frozen=True)
class CleanPicture:
    """A picture made again from its pixels, ready to keep and show."""

    data: bytes
    media_type: str
    """image/png or image/jpeg."""
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def extension(self) -> str:
        return "png" if self.media_type == "image/png" else "jpg"

    @property
    def upload_name(self) -> str:
        """The name an uploaded picture gets in the lesson file: its hash, so never reused."""
        return f"pictures/{self.sha256[:16]}.{self.extension}"


def clean_picture(data: bytes, settings: LessonSettings) -> CleanPicture:
    """The picture in `data`, checked, upright, no wider than allowed and without metadata.

    Raises:
        BadPicture: with a sentence that says what to upload instead.
    """
    if not data:
        raise BadPicture(f"The file is empty. {TAKEN}")
    if len(data) > settings.picture_max_bytes:
        raise BadPicture(
            f"The picture file is {_megabytes(len(data))}; the most is "
            f"{_megabytes(settings.picture_max_bytes)}. Save it smaller (for example "
            f"{settings.picture_width} pixels wide) and upload it again."
        )
    image = _open(data)
    _check_header(image, settings)
    try:
        image.verify()  # checksums and structure, without decoding every pixel
        image = _open(data)  # verify() leaves the image unusable: open it again
        image.load()
    except Image.DecompressionBombError:
        raise BadPicture(_too_many_pixels(settings)) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise BadPicture(
            f"The picture file is damaged or cut short. Open it, save it again, and upload "
            f"it again. {TAKEN}"
        ) from None
    try:
        return _remade(image, settings)
    except Exception as error:  # a malformed EXIF block or mode in a file that decoded
        log.warning("A picture that decoded could not be made again: %s", type(error).__name__)
        raise BadPicture(
            f"The picture could not be read whole. Open it, save it again, and upload it "
            f"again. {TAKEN}"
        ) from None


def _remade(image: Image.Image, settings: LessonSettings) -> CleanPicture:
    """The picture upright, no larger than allowed, made again from its pixels alone."""
    photo = image.format in ("JPEG", "WEBP") and not _has_alpha(image)
    upright = ImageOps.exif_transpose(image)
    pixels = upright.convert("RGBA" if _has_alpha(image) else "RGB")
    # At most as wide as allowed, and no taller than a third more than that (a phone's
    # screenshot stays whole and readable); never made larger.
    box = (settings.picture_width, settings.picture_width * 4 // 3)
    pixels.thumbnail(box, Image.Resampling.LANCZOS)
    # A new image from the pixels alone: nothing of the file it came from goes along.
    fresh = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    if photo:
        fresh.save(out, "JPEG", quality=85, optimize=True)
    else:
        fresh.save(out, "PNG", optimize=True)
    return CleanPicture(
        out.getvalue(), "image/jpeg" if photo else "image/png", fresh.width, fresh.height
    )


def _open(data: bytes) -> Image.Image:
    try:
        return Image.open(io.BytesIO(data), formats=READABLE)
    except Image.DecompressionBombError:
        raise BadPicture(
            "The picture says it is far too large to open (a 'decompression bomb'). " + TAKEN
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise BadPicture(f"The file is not a picture this portal can read. {TAKEN}") from None


def _check_header(image: Image.Image, settings: LessonSettings) -> None:
    """What the header says, before any pixel is decoded."""
    if image.width * image.height > settings.picture_max_pixels:
        raise BadPicture(_too_many_pixels(settings))
    if getattr(image, "is_animated", False) or getattr(image, "n_frames", 1) > 1:
        raise BadPicture(f"The picture moves (it has several frames). {TAKEN}")
    if min(image.size) < MIN_SIDE:
        raise BadPicture(
            f"The picture is only {image.width} by {image.height} pixels, too small to see. "
            f"Upload one at least {MIN_SIDE} pixels on each side, better "
            f"{settings.picture_width} wide."
        )


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _too_many_pixels(settings: LessonSettings) -> str:
    millions = settings.picture_max_pixels // 1_000_000
    return (
        f"The picture has more than {millions} million pixels. Save it smaller, for example "
        f"{settings.picture_width} pixels wide, and upload it again."
    )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


# -- keeping them ---------------------------------------------------------------


class LessonPictures:
    """The stored pictures: kept once, found by name or by hash, shown by permission."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, name: str, picture: CleanPicture, by: str) -> Picture:
        """Keep `picture` under `name` (once: the same name and bytes again change nothing)."""
        with self._db.session() as session:
            return self.add_in(session, name, picture, by)

    @staticmethod
    def add_in(session: Session, name: str, picture: CleanPicture, by: str) -> Picture:
        """As `add`, in the caller's transaction (the library import keeps its lessons and
        their pictures in one)."""
        if not PICTURE_NAME.match(name):
            raise BadPicture(f"Name the picture pictures/<name>.png or .jpg, not {name}.")
        row = session.scalar(
            select(LessonPicture).where(
                LessonPicture.name == name, LessonPicture.sha256 == picture.sha256
            )
        )
        if row is None:
            row = LessonPicture(
                name=name, sha256=picture.sha256, media_type=picture.media_type,
                width=picture.width, height=picture.height, size=len(picture.data),
                data=picture.data, created_by=by, created_at=utcnow(),
            )  # fmt: skip
            session.add(row)
            session.flush()
        return _picture(row)

    def find(self, name: str) -> Picture | None:
        """The picture a lesson file means by `name` now: the newest kept under it."""
        with self._db.session() as session:
            row = session.scalar(
                select(LessonPicture)
                .where(LessonPicture.name == name)
                .order_by(LessonPicture.id.desc())
                .limit(1)
            )
            return _picture(row) if row is not None else None

    def by_hash(self, sha256: str) -> Picture | None:
        with self._db.session() as session:
            row = self._row(session, sha256)
            return _picture(row) if row is not None else None

    def data(self, sha256: str) -> tuple[bytes, str] | None:
        """The picture's bytes and media type, or None when none has that hash."""
        with self._db.session() as session:
            row = self._row(session, sha256)
            return (bytes(row.data), row.media_type) if row is not None else None

    def published(self, sha256: str) -> bool:
        """Whether a published version shows this picture (then anyone may see it)."""
        if not re.fullmatch(r"[0-9a-f]{64}", sha256):
            return False
        with self._db.session() as session:
            return (
                session.scalar(
                    select(LessonVersion.id)
                    .where(
                        LessonVersion.status == "published",
                        LessonVersion.content.contains(f'"sha256": "{sha256}"'),
                    )
                    .limit(1)
                )
                is not None
            )

    @staticmethod
    def _row(session: Session, sha256: str) -> LessonPicture | None:
        return session.scalar(select(LessonPicture).where(LessonPicture.sha256 == sha256).limit(1))


def _picture(row: LessonPicture) -> Picture:
    return Picture(
        name=row.name, alt="", sha256=row.sha256, media_type=row.media_type,
        width=row.width, height=row.height,
    )  # fmt: skip


def file_name(picture: Picture) -> str:
    """The picture's file name in the web app's address: its hash and its kind."""
    return f"{picture.sha256}.{'png' if picture.media_type == 'image/png' else 'jpg'}"


def split_file_name(name: str) -> tuple[str, str] | None:
    """(hash, media type) from a `file_name`, or None when it is not one."""
    match = re.fullmatch(r"([0-9a-f]{64})\.(png|jpg)", name)
    return (match.group(1), MEDIA_TYPES[match.group(2)]) if match else None


def pictures_of(steps: list[Step]) -> Iterator[Picture]:
    """The pictures of a lesson's steps, in order."""
    return (step.picture for step in steps if step.picture is not None)
