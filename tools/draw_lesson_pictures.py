"""Draw the library lessons' pictures: simple, high-contrast drawings made for this project.

    .venv/bin/python tools/draw_lesson_pictures.py          # write lessons/content/pictures/
    .venv/bin/python tools/draw_lesson_pictures.py --check  # exit 1 when a file differs

Each picture is drawn with Pillow, then passed through the same checks and cleaning an
educator's upload gets (lessons/pictures.py), so the files in git are exactly what the
import keeps. The text is set in DejaVu Sans (Debian's fonts-dejavu-core); where it is
missing, Pillow's own scalable font is used, which looks a little different.

Big shapes, thick outlines, few colours and short words in large letters: the pictures
are for older eyes, shown large in the chat. Each lesson file says in words (alt text)
what its picture shows.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lessons.pictures import clean_picture  # noqa: E402
from lessons.settings import LessonSettings  # noqa: E402

OUT = ROOT / "lessons" / "content" / "pictures"
SIZE = (960, 640)
PAPER = "#f5f1e8"
INK = "#1b2430"
SCREEN = "#ffffff"
GREEN = "#1e7d3a"
RED = "#b3261e"
BLUE = "#1f4e99"
GOLD = "#e0a526"
SKIN = "#d9a37e"
FONTS = Path("/usr/share/fonts/truetype/dejavu")


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.is_file():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def centred(draw: ImageDraw.ImageDraw, x: int, y: int, text: str, size: int, fill: str = INK,
            bold: bool = False) -> None:  # fmt: skip
    draw.text((x, y), text, font=font(size, bold), fill=fill, anchor="mm")


def phone(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """A phone's body; returns its screen's box."""
    left, top, right, bottom = box
    draw.rounded_rectangle(box, radius=48, fill=INK)
    screen = (left + 22, top + 60, right - 22, bottom - 60)
    draw.rounded_rectangle(screen, radius=12, fill=SCREEN)
    mid = (left + right) // 2
    draw.rounded_rectangle((mid - 40, top + 26, mid + 40, top + 36), radius=5, fill="#4b5563")
    return screen


def ringing(draw: ImageDraw.ImageDraw, x: int, y: int, start: int, end: int) -> None:
    for radius in (40, 70, 100):
        draw.arc((x - radius, y - radius, x + radius, y + radius), start, end, fill=RED, width=10)


def safe_account_call() -> Image.Image:
    """A ringing phone whose screen says the bank is calling."""
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = phone(draw, (330, 30, 630, 610))
    mid = (left + right) // 2
    centred(draw, mid, top + 50, "Incoming call", 28)
    draw.ellipse((mid - 60, top + 100, mid + 60, top + 220), fill="#d6dde8")
    draw.ellipse((mid - 26, top + 118, mid + 26, top + 170), fill=BLUE)
    draw.pieslice((mid - 50, top + 168, mid + 50, top + 268), 180, 360, fill=BLUE)
    centred(draw, mid, top + 270, "Your Bank", 44, bold=True)
    centred(draw, mid, top + 320, "0800 123 456", 28)
    for x, colour in ((mid - 70, RED), (mid + 70, GREEN)):
        draw.ellipse((x - 42, bottom - 110, x + 42, bottom - 26), fill=colour)
    draw.line((mid - 92, bottom - 68, mid - 48, bottom - 68), fill=SCREEN, width=10)
    draw.line((mid + 70, bottom - 90, mid + 70, bottom - 46), fill=SCREEN, width=10)
    draw.line((mid + 48, bottom - 68, mid + 92, bottom - 68), fill=SCREEN, width=10)
    ringing(draw, 660, 170, 300, 60)
    ringing(draw, 300, 170, 120, 240)
    centred(draw, 140, 330, "Ring", 48, RED, bold=True)
    centred(draw, 140, 390, "ring!", 48, RED, bold=True)
    return image


def covered_pin() -> Image.Image:
    """A card in a card machine; a hand covers the keypad; the screen shows four stars."""
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((300, 40, 660, 620), radius=40, fill="#374151")
    draw.rectangle((340, 80, 620, 200), fill="#cfe8d5")
    centred(draw, 480, 115, "Enter PIN", 32)
    centred(draw, 480, 165, "* * * *", 48, bold=True)
    for row in range(4):
        for column in range(3):
            x, y = 370 + column * 80, 240 + row * 70
            draw.rounded_rectangle((x, y, x + 60, y + 50), radius=10, fill="#e5e7eb")
    # The card, going in at the top.
    draw.rounded_rectangle((380, 0, 580, 60), radius=10, fill=BLUE)
    draw.rectangle((410, 14, 450, 40), fill=GOLD)
    # The other hand, flat over the keys.
    draw.rounded_rectangle((330, 300, 700, 500), radius=70, fill=SKIN, outline=INK, width=6)
    for finger in range(4):
        y = 310 + finger * 46
        draw.rounded_rectangle((620, y, 800, y + 40), radius=20, fill=SKIN, outline=INK, width=5)
    draw.rounded_rectangle((420, 470, 520, 560), radius=30, fill=SKIN, outline=INK, width=5)
    centred(draw, 150, 260, "Cover", 52, GREEN, bold=True)
    centred(draw, 150, 330, "the keys", 44, GREEN, bold=True)
    return image


def parcel_text() -> Image.Image:
    """A text message about a parcel with a fee to pay through a link; the link ringed in red."""
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = phone(draw, (250, 20, 710, 620))
    draw.rectangle((left, top, right, top + 60), fill="#e5e7eb")
    centred(draw, (left + right) // 2, top + 30, "Parcel Service", 30, bold=True)
    bubble = (left + 20, top + 84, right - 20, top + 380)
    draw.rounded_rectangle(bubble, radius=30, fill="#e8edf5", outline=INK, width=3)
    lines = ["Your parcel is", "waiting. Pay $1.99", "to get it here:"]
    for n, line in enumerate(lines):
        draw.text((bubble[0] + 26, bubble[1] + 24 + n * 50), line, font=font(34), fill=INK)
    link_y = bubble[1] + 24 + 3 * 50 + 24
    draw.text((bubble[0] + 40, link_y), "parcel-fee.example", font=font(34), fill=BLUE)
    draw.line((bubble[0] + 40, link_y + 42, bubble[0] + 352, link_y + 42), fill=BLUE, width=3)
    draw.ellipse((bubble[0] + 12, link_y - 22, bubble[0] + 384, link_y + 68), outline=RED, width=8)
    centred(draw, (left + right) // 2, bottom - 70, "Do not tap!", 52, RED, bold=True)
    return image


def gift_card() -> Image.Image:
    """A gift card with its code showing, and a caller's words: read me the numbers."""
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((40, 200, 540, 520), radius=30, fill=RED, outline=INK, width=6)
    centred(draw, 290, 270, "GIFT CARD", 56, SCREEN, bold=True)
    centred(draw, 290, 350, "$100", 72, GOLD, bold=True)
    draw.rectangle((90, 410, 490, 480), fill="#d1d5db")
    centred(draw, 290, 445, "X7K2 9PQ4 M3LZ", 36, INK, bold=True)
    centred(draw, 290, 585, "Never read it out!", 44, RED, bold=True)
    # The caller's words, in a speech bubble from the phone.
    draw.rounded_rectangle((560, 30, 930, 210), radius=40, fill=SCREEN, outline=INK, width=6)
    draw.polygon([(730, 206), (790, 206), (775, 300)], fill=SCREEN, outline=INK)
    draw.line((733, 206, 787, 206), fill=SCREEN, width=8)
    centred(draw, 745, 90, "Read me the", 44, bold=True)
    centred(draw, 745, 150, "numbers!", 44, bold=True)
    draw.rounded_rectangle((690, 300, 860, 600), radius=30, fill=INK)
    draw.rounded_rectangle((708, 340, 842, 560), radius=8, fill="#cfd6e3")
    return image


PICTURES: dict[str, Callable[[], Image.Image]] = {
    "safe-account-call.png": safe_account_call,
    "covered-pin.png": covered_pin,
    "parcel-text.png": parcel_text,
    "gift-card-code.png": gift_card,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether they are current")
    args = parser.parse_args(argv)
    settings = LessonSettings()
    OUT.mkdir(parents=True, exist_ok=True)
    stale = []
    for name, draw in PICTURES.items():
        image = draw()
        raw = io.BytesIO()
        image.save(raw, "PNG")
        data = clean_picture(raw.getvalue(), settings).data
        path = OUT / name
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(name)
            continue
        path.write_bytes(data)
    if stale:
        print("Out of date: " + ", ".join(stale) + ". Run tools/draw_lesson_pictures.py.")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
