"""Every amount from 0.01 to 999,999.99, written in Chinese any of the ways below, is read
as exactly itself (nlu/zh/money.py): a Decimal in cents, never a float.

The writer here is the test's own, not cn2an's (which the reader uses): numerals with "零"
for the gaps ("一千零五"), "两" for a 2 where people say it ("两千", "两块", "两毛"), the
formal "元角分", the everyday "块毛", digits mixed with "万", the numerals of cheques,
decimals after "点", and traditional characters.
"""

from __future__ import annotations

from decimal import Decimal

import opencc
from hypothesis import example, given, settings
from hypothesis import strategies as st

from nlu.money import Amount
from nlu.zh.money import find_amounts

DIGITS = "零一二三四五六七八九"
CHEQUE = str.maketrans("一二三四五六七八九十百千元", "壹贰叁肆伍陆柒捌玖拾佰仟圆")
TRADITIONAL = opencc.OpenCC("s2t")
SENTENCES = ["{}", "给我女儿转{}", "帮我转{}给王伟", "不对，是{}", "用尾号5309的卡付{}"]
AMOUNTS = st.decimals(
    min_value=Decimal("0.01"),
    max_value=Decimal("999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


def below_ten_thousand(n: int, two: str, *, leading: bool) -> str:
    """1..9999 in numerals: 1005 "一千零五", 15 "十五" (leading) or "一十五" (after 万)."""
    parts: list[str] = []
    gap = False
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // place % 10
        if digit == 0:
            gap = gap or bool(parts)
            continue
        if gap:
            parts.append("零")
            gap = False
        if unit == "十" and digit == 1 and leading and not parts:
            parts.append("十")
        elif digit == 2 and unit in ("千", "百"):
            parts.append(two + unit)
        else:
            parts.append(DIGITS[digit] + unit)
    return "".join(parts)


def numerals(n: int, two: str = "二") -> str:
    """0..999999 in numerals; `two` is said for a 2 before 千, 百 or 万 ("二" or "两")."""
    if n == 0:
        return "零"
    high, low = divmod(n, 10000)
    if not high:
        return below_ten_thousand(low, two, leading=True)
    written = (two if high == 2 else below_ten_thousand(high, two, leading=True)) + "万"
    if low and low < 1000:
        written += "零"
    return written + (below_ten_thousand(low, two, leading=False) if low else "")


def short(n: int, two: str) -> str | None:
    """The everyday short form that leaves the last unit unsaid: 12000 "一万二", 250 "两百五"."""
    for place in (10000, 1000, 100):
        head, rest = divmod(n, place)
        if 1 <= head <= 9 and rest and rest % (place // 10) == 0 and rest < place:
            return numerals(head * place, two) + DIGITS[rest // (place // 10)]
    return None


def mao(digit: int) -> str:
    return "两" if digit == 2 else DIGITS[digit]


def formal(major: int, jiao: int, fen: int) -> str:
    """The formal "元角分": "一千二百五十元五角三分", "三元零五分", "两百元整"."""
    written = f"{numerals(major)}元" if major else ""
    if jiao:
        written += f"{DIGITS[jiao]}角"
    elif fen and major:
        written += "零"
    if fen:
        written += f"{DIGITS[fen]}分" + ("" if major or jiao else "钱")
    return written if jiao or fen else written + "整"


def everyday(major: int, jiao: int, fen: int) -> str:
    """The everyday "块毛": "两百五十块五毛三", "三块零五", "两块", "两毛五", "五分钱"."""
    written = f"{'两' if major == 2 else numerals(major, '两')}块" if major else ""
    if jiao:
        written += f"{mao(jiao)}毛" + (DIGITS[fen] if fen else "")
    elif fen:
        written += f"零{DIGITS[fen]}" if major else f"{DIGITS[fen]}分钱"
    return written


def digits_with_wan(major: int, cents: int) -> str | None:
    """Digits and "万" ("12万3456块5毛3", "1万零500元", "1.25万元"), for 10,000 and up."""
    high, low = divmod(major, 10000)
    if not high:
        return None
    if not cents and low % 100 == 0 and low:
        return f"{Decimal(major) / 10000}万元"
    written = f"{high}万" + (f"{low}" if low >= 1000 else f"零{low}" if low else "")
    jiao, fen = divmod(cents, 10)
    if not cents:
        return written + "元"
    return written + "块" + (f"{jiao}毛" if jiao else "零") + (f"{fen}" if fen else "")


def ways_to_write(amount: Decimal) -> dict[str, str]:
    """Each way a customer might write `amount` in a Chinese message."""
    minor = int(amount * 100)
    major, cents = divmod(minor, 100)
    jiao, fen = divmod(cents, 10)
    ways = {
        "formal": formal(major, jiao, fen),
        "everyday": everyday(major, jiao, fen),
        "traditional": TRADITIONAL.convert(everyday(major, jiao, fen)),
        "cheque": formal(major, jiao, fen).translate(CHEQUE),
        "digits": f"{major}.{cents:02d}元" if cents else f"{major}元",
        "digits grouped": f"{major:,}.{cents:02d}元" if cents else f"¥{major:,}",
    }
    if major and jiao and not fen:
        ways["毛 unsaid"] = everyday(major, 0, 0) + DIGITS[jiao]  # "三块五"
    if cents:
        decimals = f"{cents:02d}".rstrip("0")
        ways["point"] = numerals(major) + "点" + "".join(DIGITS[int(d)] for d in decimals) + "元"
    else:
        ways["块钱"] = everyday(major, 0, 0) + "钱"
        if major >= 10:
            ways["no unit"] = numerals(major, "两")  # "两千", "一万": money all the same
        spoken = short(major, "两")
        if spoken:
            ways["short"] = spoken
    wan = digits_with_wan(major, cents)
    if wan:
        ways["digits and 万"] = wan
    return ways


@settings(max_examples=600, deadline=None)
@given(amount=AMOUNTS, sentence=st.sampled_from(SENTENCES))
@example(amount=Decimal("250.00"), sentence="{}")  # 两百五十块, 二百五十元整, 两百五
@example(amount=Decimal("1250.50"), sentence="{}")  # 一千二百五十块五毛, 一千二百五十块五
@example(amount=Decimal("3.05"), sentence="{}")  # 三块零五, 三元零五分
@example(amount=Decimal("0.25"), sentence="{}")  # 两毛五
@example(amount=Decimal("0.05"), sentence="{}")  # 五分钱
@example(amount=Decimal("2.00"), sentence="{}")  # 两块
@example(amount=Decimal("12000.00"), sentence="{}")  # 一万二, 1.2万元
@example(amount=Decimal("100010.00"), sentence="{}")  # 十万零一十, 10万零10元
@example(amount=Decimal("10500.00"), sentence="{}")  # 一万零五百, 1万零500元
@example(amount=Decimal("0.01"), sentence="{}")
@example(amount=Decimal("999999.99"), sentence="用尾号5309的卡付{}")
def test_every_way_of_writing_an_amount_is_read_as_it(amount, sentence):
    assert type(amount) is Decimal  # the amounts generated are never floats
    for way, written in ways_to_write(amount).items():
        found = find_amounts(sentence.format(written), "CNY")
        assert len(found) == 1, f"{way}: {written!r} read as {found}"
        (read,) = found
        assert isinstance(read, Amount), f"{way}: {written!r} asked about: {read}"
        assert type(read.value) is Decimal, f"{way}: {written!r} read as a {type(read.value)}"
        assert read.value == amount, f"{way}: {written!r} read as {read.value}"
        assert read.value.as_tuple().exponent in (0, -2)  # 250 bare, 3.50 in cents
        assert read.text == written  # the words quoted are the whole of what was written


@settings(max_examples=200, deadline=None)
@given(amount=AMOUNTS)
def test_about_so_much_is_asked_never_read(amount):
    """ "大概..." ("about"): the amount offered, not taken."""
    written = ways_to_write(amount)["everyday"]
    (read,) = find_amounts(f"大概{written}", "CNY")
    assert not isinstance(read, Amount)
    assert read.readings == (amount,)
