"""Pictures for lesson steps: only real, still, sensible images get in, and they come out
made again from their pixels, upright, no wider than allowed and without metadata."""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import replace

import pytest
from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from assistant.bank.staff import Actor
from lessons.errors import BadPicture, InvalidLesson
from lessons.pictures import clean_picture
from lessons.settings import LessonSettings
from lessons.store import LessonStore
from tests.support import GOOD

SETTINGS = LessonSettings()
TEACHER = Actor("teacher", "educator")
EDITOR = Actor("editor", "reviewer")


def picture(size=(400, 300), kind="PNG", mode="RGB", **save) -> bytes:
    image = Image.new(mode, size, "white")
    ImageDraw.Draw(image).rectangle((20, 20, size[0] // 2, size[1] // 2), fill="navy")
    out = io.BytesIO()
    image.save(out, kind, **save)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims `width` x `height` pixels: the
    classic decompression bomb, as far as any reader that trusts the header goes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_drawing_comes_back_as_a_png_of_the_same_pixels():
    clean = clean_picture(picture(), SETTINGS)
    assert (clean.media_type, clean.width, clean.height) == ("image/png", 400, 300)
    again = Image.open(io.BytesIO(clean.data))
    assert again.format == "PNG" and again.getpixel((30, 30)) == (0, 0, 128)


def test_cleaning_a_clean_png_gives_the_same_bytes():
    once = clean_picture(picture(), SETTINGS)
    assert clean_picture(once.data, SETTINGS).data == once.data


def test_a_wide_photo_is_made_the_allowed_width_and_stays_a_jpeg():
    clean = clean_picture(picture((3000, 1500), "JPEG"), SETTINGS)
    assert (clean.media_type, clean.width, clean.height) == ("image/jpeg", 960, 480)


def test_exif_gps_and_text_chunks_are_stripped():
    exif = Image.Exif()
    exif[0x013B] = "Mary Chen, 12 Elm Street"  # Artist
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
    jpeg = picture(kind="JPEG", exif=exif.tobytes())
    assert b"Elm Street" in jpeg
    info = PngInfo()
    info.add_text("Comment", "taken at 12 Elm Street")
    png = picture(pnginfo=info, icc_profile=b"\0" * 128)
    assert b"Elm Street" in png
    for data in (jpeg, png):
        clean = clean_picture(data, SETTINGS)
        assert b"Elm Street" not in clean.data
        opened = Image.open(io.BytesIO(clean.data))
        assert not {"exif", "icc_profile", "Comment"} & set(opened.info)
        assert not opened.getexif()


def test_a_picture_taken_sideways_is_turned_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the camera was turned a quarter
    clean = clean_picture(picture((400, 200), "JPEG", exif=exif.tobytes()), SETTINGS)
    assert (clean.width, clean.height) == (200, 400)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "The file is empty"),
        (b"Dear customer, your parcel is waiting.\n", "not a picture"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>x()</script></svg>", "not a picture"),
        (picture(kind="BMP"), "not a picture"),  # a real image, of a kind never read
        (picture()[:200], "damaged or cut short"),
        (picture((40, 40)), "too small to see"),
    ],
    ids=["empty", "text", "svg", "bmp", "truncated", "tiny"],
)
def test_what_is_not_a_picture_to_show_is_refused_saying_what_to_upload(data, said):
    with pytest.raises(BadPicture, match=said) as refused:
        clean_picture(data, SETTINGS)
    assert "PNG or JPEG" in str(refused.value) or "pixels" in str(refused.value)


def test_a_text_file_named_png_is_refused():
    with pytest.raises(BadPicture, match="not a picture"):
        clean_picture(b"\x89PNG but not really, just text pretending.\n" * 3, SETTINGS)


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    bomb = png_header_only(50_000, 50_000)  # 2.5 billion pixels in under 100 bytes
    assert len(bomb) < 100
    with pytest.raises(BadPicture, match="far too large|million pixels"):
        clean_picture(bomb, SETTINGS)
    # Under Pillow's own limit, above ours: still never decoded.
    with pytest.raises(BadPicture, match="more than 30 million pixels"):
        clean_picture(png_header_only(6_000, 6_000), SETTINGS)


def test_an_animated_picture_is_refused():
    frames = [Image.new("RGB", (200, 200), colour) for colour in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    with pytest.raises(BadPicture, match="moves"):
        clean_picture(out.getvalue(), SETTINGS)


def test_a_file_over_the_size_limit_is_refused_unread():
    small = replace(SETTINGS, picture_max_bytes=1000)
    with pytest.raises(BadPicture, match="the most is 0.0 MB|Save it smaller"):
        clean_picture(picture((800, 600), "PNG", compress_level=0), small)


# -- in lessons ---------------------------------------------------------------------


def lesson_with(line: str) -> str:
    head, rest = GOOD.split("\n## ", 1)
    title, body = rest.split("\n", 1)
    return f"{head}\n## {title}\n{line}\n{body}"


@pytest.fixture
def store(db):
    return LessonStore(db, LessonSettings())


def test_an_uploaded_picture_is_named_by_its_hash_and_shown_by_the_step(store):
    kept = store.upload_picture(TEACHER, picture())
    assert kept.name == f"pictures/{kept.sha256[:16]}.png"
    store.create(TEACHER, lesson_with(f"![A navy square on white]({kept.name})"))
    content, _ = store.content("test-lesson", 1)
    shown = content.steps[0].picture
    assert (shown.alt, shown.sha256, shown.width) == ("A navy square on white", kept.sha256, 400)
    assert "navy" not in content.steps[0].text  # the picture line is not step text


def test_a_picture_not_kept_or_without_words_is_a_problem_at_its_field(store):
    with pytest.raises(InvalidLesson) as invalid:
        store.create(TEACHER, lesson_with("![A phone](pictures/nowhere.png)"))
    assert [p.field for p in invalid.value.details] == ["step-1-picture"]
    assert "Upload it with step 1's picture field" in invalid.value.problems[0]
    kept = store.upload_picture(TEACHER, picture())
    with pytest.raises(InvalidLesson) as invalid:
        store.create(TEACHER, lesson_with(f"![ ]({kept.name})"))
    assert [p.field for p in invalid.value.details] == ["step-1-picture-alt"]


def test_a_published_picture_is_public_and_a_drafts_is_not(store):
    kept = store.upload_picture(TEACHER, picture())
    assert not store.pictures.published(kept.sha256)
    store.create(TEACHER, lesson_with(f"![A navy square]({kept.name})"))
    store.submit(TEACHER, "test-lesson", 1)
    assert not store.pictures.published(kept.sha256)
    store.publish(EDITOR, "test-lesson", 1)
    assert store.pictures.published(kept.sha256)
    store.unpublish(EDITOR, "test-lesson", 1)
    assert not store.pictures.published(kept.sha256)


def test_the_library_pictures_round_trip_through_export_and_import(store, tmp_path):
    shown = [s.picture for c in store.catalogue() for s in c.steps if s.picture]
    assert len(shown) >= 4 and all(p.sha256 and p.alt for p in shown)
    store.export_dir(tmp_path)
    for p in shown:
        assert (tmp_path / p.name).read_bytes() == store.pictures.data(p.sha256)[0]
    report = store.import_dir(tmp_path)
    assert report.added == []


def test_a_redrawn_library_picture_makes_a_new_version_and_keeps_the_old(store, tmp_path):
    store.export_dir(tmp_path)
    content = next(c for c in store.catalogue() if any(s.picture for s in c.steps))
    old = next(s.picture for s in content.steps if s.picture)
    (tmp_path / old.name).write_bytes(picture((500, 500)))
    report = store.import_dir(tmp_path)
    assert report.added == [content.slug]
    _, newer = store.published(content.slug)
    new = next(s.picture for s in newer.steps if s.picture)
    assert new.sha256 != old.sha256 and new.name == old.name
    first, _ = store.content(content.slug, 1)
    assert next(s.picture for s in first.steps if s.picture).sha256 == old.sha256
    assert store.pictures.data(old.sha256) is not None
