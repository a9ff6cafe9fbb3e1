"""Chinese text as the Mandarin readers read it: simplified characters, half-width digits.

"兩百五十塊" is read as "两百五十块", "１２０元" as "120元". Each character is changed
on its own and only for one character, so an offset in the text read is the same
offset in the customer's text, and what was found can be quoted in their own words.
OpenCC converts the characters (its Traditional-to-Simplified table).
"""

from __future__ import annotations

from functools import lru_cache

import opencc

# Full-width forms typed by Chinese keyboards: digits, the point, signs of money.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９．＄￥％－：", "0123456789.$¥%-:")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def _simplified_character(character: str) -> str:
    converted = _converter().convert(character)
    return converted if len(converted) == 1 else character


def simplified(text: str) -> str:
    """`text` in simplified characters and half-width digits, of the same length."""
    text = text.translate(_HALF_WIDTH)
    if text.isascii():
        return text
    return "".join(_simplified_character(c) if not c.isascii() else c for c in text)
