"""Amounts of money in Chinese text, read as nlu/money.py reads English ones.

`find_amounts` returns what the English reader returns, `Amount` for an amount read for
sure and `Unclear` for money that is not one amount for sure, which the assistant asks
about: a wrong number is never guessed. Values are Decimals, whole amounts bare (250)
and the rest in cents (1250.50).

    amount = [sign] [currency] number [unit [minor] | minor] ["钱" | "整"]
    number = numerals, digits or both (nlu/zh/numbers.py)   "两百五十", "1,000", "1.5万"
    unit   = "块" | "元" | "圆" | "块钱" | a currency        "五十美元", "人民币五百"
    minor  = d ("毛" | "角") [d ["分"]] | ["零"] d "分"      "一千二百五十块五毛", "五角三分"
           | d | "零" d | "半"                              "三块五" 3.50, "三块零五" 3.05, "一块半"
    minor alone: "五毛" 0.50, "两毛五" 0.25, "五分钱" 0.05

"块" and "元" name the unit of whatever money is spoken of ("五十块" in New York is
fifty dollars), so they are the home currency; a currency named ("美元", "人民币",
"¥") is noted. Traditional characters are read as simplified ones ("兩百五十塊").

Asked (`Unclear`, its `doubt` as in nlu/money.py):

- "which": two amounts fit, both offered: "一两百块" (100 or 200), "两三千", "五十到六十
  块"; or the amount is said as about so much, itself offered: "大概五十块", "五十块左右",
  "十来块";
- "range": no amount said, only its size: "几百块", "十几块", "一百多块", "三块多",
  "上千块", "至少一百";
- "negative": "负五十", "-50元"; "decimals": "12.345元";
- "unreadable": "二五零块" (numerals said one by one), "1.5元5角", "三块五十".

A number said without a currency ("两千", "一万", "250") is money, as in English, unless
the words around it say it is something else: a card ending or an account number ("尾号
5309", "卡号后四位是5309", "5309结尾的卡"), a count ("三笔", "两张卡"), a date or a time
("三月", "五号", "三点", "10:30"), an age, a percentage ("百分之五十"), a weekday ("周一"),
an ordinal ("第一"). A single numeral is never money without a unit ("等一下",
"一起"), nor is "一块儿" ("together") or a run of more than nine digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from nlu.money import MASK, Amount, Unclear
from nlu.money_quantities import Doubt, cents_exact
from nlu.money_tokens import CURRENCY_SYMBOLS
from nlu.zh.numbers import NUMERALS, RUN, UNITS, read_number
from nlu.zh.text import simplified

__all__ = ["CURRENCY_WORDS", "Amount", "Unclear", "find_amounts"]

# The unit of the customer's own money.
HOME_UNITS = ("块儿钱", "块儿", "块钱", "块", "元钱", "元", "圆")
CURRENCY_WORDS = {
    "美元": "USD", "美金": "USD", "美刀": "USD",
    "人民币": "CNY", "欧元": "EUR", "英镑": "GBP", "日元": "JPY", "日圆": "JPY",
    "港币": "HKD", "港元": "HKD", "新台币": "TWD", "台币": "TWD",
    "加元": "CAD", "加币": "CAD", "澳元": "AUD", "澳币": "AUD",
}  # fmt: skip
_CODES = {"USD": "USD", "RMB": "CNY", "CNY": "CNY", "EUR": "EUR", "GBP": "GBP", "JPY": "JPY"}
_AFTER = sorted([*HOME_UNITS, *CURRENCY_WORDS], key=len, reverse=True)
_CODE = re.compile(r"(USD|RMB|CNY|EUR|GBP|JPY)(?![A-Za-z])", re.IGNORECASE)
_TENTHS, _HUNDREDTHS = "毛角", "分"

# Said before or after an amount: about so much (asked with it offered), or only a bound
# (asked how much).
_ABOUT_BEFORE = ("大概", "大约", "大致", "差不多", "估计", "约")
_ABOUT_AFTER = ("左右", "上下")
_BOUND_BEFORE = ("不超过", "超过", "至少", "最少", "起码", "最多", "不到", "将近", "接近")
_BOUND_AFTER = ("以上", "以下", "以内", "出头", "多", "余")
# "五十到六十块", "五十或六十": two amounts, one of them meant.
_EITHER = ("到", "至", "或者", "或", "还是", "-", "~", "～")

# Words after a number that make it no amount: a count, a date, a time, an age, ...
_NOT_MONEY_AFTER = (
    "岁", "天", "日", "号", "月", "年", "周", "星期", "礼拜", "小时", "钟", "分", "秒", "点",
    "个", "次", "笔", "张", "位", "人", "件", "条", "遍", "倍", "期", "层", "楼", "路", "斤",
    "公斤", "克", "米", "公里", "里", "本", "家", "种", "项", "页", "行", "步", "名", "%", "度",
    "折", "成", "结尾", "开头", "级", "台", "辆", "份", "样", "口", "套", "句", "字", "下", ":",
)  # fmt: skip
# ... and before it: a card ending, an account number, a code, a share, an ordinal.
_NOT_MONEY_BEFORE = (
    "尾号", "尾数", "末尾", "卡号", "账号", "帐号", "号码", "后四位", "末四位", "后4位",
    "末4位", "后六位", "后6位", "密码", "验证码", "编号", "电话", "手机", "分之", "第",
    "拨打", "打电话给", "致电", "热线", "客服",
)  # fmt: skip
_LINKING = "是为:： "  # "尾号是5309", "卡号后四位为：5309"
_WEEKDAY = ("周", "星期", "礼拜")  # "周一一百块": the 一 is Monday's
# "一块儿去", "我们一块走": "一块" is "together".
_TOGETHER = "儿去走来吃玩住坐做聊逛过"
_LONGEST_AMOUNT = 9  # digits; a longer run is an account or phone number
_DATE = re.compile(r"[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|[0-9]{1,2}/[0-9]{1,2}")


def find_amounts(text: str, home_currency: str) -> list[Amount | Unclear]:
    """Every amount of money in `text`, in order; `Unclear` where it must be asked.

    Args:
        text: the message, in simplified or traditional characters.
        home_currency: the currency of an amount said in "块" or "元", or with no unit.
    """
    return _Reader(text, home_currency).amounts()


@dataclass
class _Said:
    """A number read at one place, with what was said around it."""

    start: int
    end: int
    value: Decimal | None  # None when it is not one amount for sure
    readings: tuple[Decimal, ...] = ()
    doubt: Doubt = "which"
    currency: str | None = None  # named ("美元", "¥"); None for the home currency
    money_word: bool = False  # a currency, "块", "毛" or "分钱" was said
    not_money: str | None = None  # why a number said without one is no amount
    negative: bool = False


def _tidy(value: Decimal) -> Decimal:
    """1500.0 -> 1500, 25.5 -> 25.50, as nlu/money.py writes amounts."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.quantize(Decimal("0.01")) if cents_exact(value) else value


class _Reader:
    """Reads the amounts of one message, character by character."""

    def __init__(self, text: str, home: str) -> None:
        self.text, self.home = text, home
        self.s = simplified(text)  # the same length as `text`

    def at(self, i: int) -> str:
        """The character at `i`; NUL out of the text, which is in no set of characters."""
        return self.s[i] if 0 <= i < len(self.s) else "\0"

    def said(self, i: int, words: tuple[str, ...] | list[str]) -> str | None:
        """The first of `words` written at `i`."""
        return next((w for w in words if self.s.startswith(w, i)), None)

    def said_before(self, i: int, words: tuple[str, ...], skip: str = " ") -> str | None:
        """The first of `words` written right before `i` (past the characters in `skip`)."""
        while i > 0 and self.s[i - 1] in skip:
            i -= 1
        return next((w for w in words if self.s.endswith(w, 0, i)), None)

    def spaces(self, i: int) -> int:
        while self.at(i) == " ":
            i += 1
        return i

    def back_over_spaces(self, i: int) -> int:
        while self.at(i - 1) == " ":
            i -= 1
        return i

    def amounts(self) -> list[Amount | Unclear]:
        found: list[Amount | Unclear] = []
        i = 0
        while i < len(self.s):
            if self.said_before(i, _WEEKDAY, skip="") and self.at(i) in "一二三四五六日天":
                i += 1  # "周一", "星期天"
                continue
            result = self.amount(i)
            if result is None:
                i += 1
                continue
            read, i = result
            if read is not None:
                found.append(read)
        return found

    def amount(self, i: int) -> tuple[Amount | Unclear | None, int] | None:
        """The amount starting at `i` and where it ends; None if no number starts there,
        (None, end) for a number that is not money ("三天")."""
        first = self.single(i)
        if first is None:
            return None
        joined = self.either(first)
        if joined is not None:
            return joined
        if first.not_money:
            return None, first.end
        return self.result(first), first.end

    def either(self, first: _Said) -> tuple[Unclear, int] | None:
        """ "五十到六十块", "三到五块", "50-60元": two amounts, both offered."""
        if first.not_money not in (None, "small"):
            return None  # "三到五天": a count
        join = self.spaces(first.end)
        word = self.said(join, _EITHER)
        if word is None:
            return None
        second = self.single(self.spaces(join + len(word)))
        if second is None or second.not_money:
            return None
        if first.not_money and not (first.money_word or second.money_word):
            return None  # "三到五": numbers, not said to be money
        currency = first.currency or second.currency
        values = (first.value, second.value)
        readings = tuple(v for v in values if v is not None)
        doubt: Doubt = "which"
        if first.currency and second.currency and first.currency != second.currency:
            doubt = "unreadable"
        if len(readings) < 2 or first.negative or second.negative or values[0] == values[1]:
            doubt = "unreadable"
        if doubt == "unreadable":
            readings = ()
        return self.unclear(first.start, second.end, readings, currency, doubt), second.end

    def single(self, i: int) -> _Said | None:
        """One amount starting at `i`, as the module docstring's grammar says."""
        first = i
        negative = self.at(i) == "负" or (
            self.at(i) in "-−" and (self.at(i + 1).isdigit() or self.at(i + 1) in "$¥€£")
        )
        i += negative
        before = CURRENCY_SYMBOLS.get(self.at(i))
        code = _CODE.match(self.s, i) if before is None else None
        if before:
            i = self.spaces(i + 1)
        elif code and not self.at(i - 1).isalpha():
            before, i = _CODES[code[1].upper()], self.spaces(code.end())
        elif self.s.startswith("人民币", i):
            before, i = "CNY", i + 3
        if negative and self.at(i) in "-−":
            i += 1  # "¥-50"
        if self.at(i) == "上" and self.at(i + 1) in "百千万" and self.unit_at(i + 2):
            said = _Said(first, i + 2, None, (), "range", before, negative=negative)
            self.after_number(said)  # "上千块": up to a thousand
            return said
        run = RUN.match(self.s, i)
        if run is None:
            return None
        number = read_number(run[0])
        said = _Said(first, run.end(), number.value, number.readings, number.doubt, before)
        said.money_word, said.negative = before is not None, negative
        self.after_number(said)
        if not said.money_word:
            said.not_money = self.why_not_money(run, said.end)
        return said

    def after_number(self, said: _Said) -> None:
        """Reads the vague words, the currency and the cents after a number, into `said`."""
        j = said.end
        vague = self.at(j) in "多余" and self.at(j + 1) != "少"  # "一百多", not "一百多少"
        about = self.at(j) == "来" and self.unit_at(j + 1) is not None  # "十来块"
        j += vague or about
        k = self.spaces(j)
        unit = self.unit_at(k)
        if unit is not None and self.together(said, k, unit[1]):
            said.not_money, said.end = "together", k + len(unit[1])
            return
        if unit is not None:
            currency, word = unit
            if said.currency and currency and said.currency != currency:
                self.set_unclear(said, "unreadable")
            said.currency = said.currency or currency
            said.money_word, j = True, k + len(word)
            j = self.minor_after(said, j)
        elif self.at(j) in _TENTHS or self.s.startswith("分钱", j):
            j = self.minor_alone(said, j)
        j += self.at(j) in "钱整"
        said.end = j
        self.hedges(said, vague, about)

    def unit_at(self, i: int) -> tuple[str | None, str] | None:
        """The currency (None for the home one) and the word of a unit written at `i`."""
        word = self.said(i, _AFTER)
        if word is not None:
            return CURRENCY_WORDS.get(word), word
        code = _CODE.match(self.s, self.spaces(i))
        if code is not None:
            return _CODES[code[1].upper()], self.s[i : code.end()]
        symbol = CURRENCY_SYMBOLS.get(self.at(i))
        return (symbol, self.at(i)) if symbol and not self.at(i + 1).isdigit() else None

    def together(self, said: _Said, k: int, word: str) -> bool:
        """ "一块儿", "一块去": together, not one yuan ("一块儿钱" is)."""
        if said.value != 1 or not word.startswith("块") or word.endswith("钱"):
            return False
        return word == "块儿" or self.at(k + len(word)) in _TOGETHER

    def minor_after(self, said: _Said, j: int) -> int:
        """The tenths and hundredths after a unit: "三块五", "五毛五", "零五分", "半"."""
        cents = self.minor(j)
        if cents is None:
            rest = RUN.match(self.s, j)
            if rest and len(rest[0]) > 1 and self.unit_at(rest.end()) is None:
                self.set_unclear(said, "unreadable")  # "三块五十"
                return rest.end()
            return j
        value, end = cents
        if said.value is not None and said.value != said.value.to_integral_value():
            self.set_unclear(said, "unreadable")  # "1.5元5角"
        elif said.value is not None:
            said.value += value
        else:
            said.readings = tuple(r + value for r in said.readings)
        return end

    def minor_alone(self, said: _Said, j: int) -> int:
        """ "五毛", "两毛五", "五角三分", "五分钱": an amount below the unit."""
        said.money_word = True
        share = Decimal("0.01") if self.at(j) == "分" else Decimal("0.1")
        if said.value is None:  # "几毛", "两三毛"
            said.readings = tuple(r * share for r in said.readings)
            return j + (2 if share == Decimal("0.01") else 1)
        if said.value != said.value.to_integral_value():
            self.set_unclear(said, "unreadable")  # "0.5毛"
            return j + 1
        said.value *= share
        if share == Decimal("0.01"):
            return j + 2  # "五分钱"
        j += 1
        fen = self.digit(j)
        if fen is not None and (self.at(j + 1) == "分" or self.ends_amount(j + 1)):
            said.value += Decimal(fen) / 100
            j += 1 + (self.at(j + 1) == "分")
        return j

    def minor(self, j: int) -> tuple[Decimal, int] | None:
        """Tenths and hundredths at `j`, and where they end; None if none is said there."""
        if self.at(j) == "半":
            return Decimal("0.5"), j + 1
        zero = self.at(j) == "零"
        m = j + zero
        first = self.digit(m)
        if first is None:
            return None
        m += 1
        if self.at(m) in _TENTHS:  # "五毛", "零五毛"
            tenths = Decimal(first) / 10
            fen = self.digit(m + 1)
            if fen is not None and (self.at(m + 2) == "分" or self.ends_amount(m + 2)):
                return tenths + Decimal(fen) / 100, m + 2 + (self.at(m + 2) == "分")
            return tenths, m + 1
        if self.at(m) == "分":
            return Decimal(first) / 100, m + 1
        if not self.ends_amount(m):
            return None
        return (Decimal(first) / (100 if zero else 10)), m

    def digit(self, i: int) -> int | None:
        """A single digit from 1 to 9 at `i`, in a numeral or in figures."""
        character = self.at(i)
        value = int(character) if character.isascii() and character.isdigit() else None
        value = NUMERALS.get(character, value)
        return value if value else None

    def ends_amount(self, i: int) -> bool:
        """Nothing at `i` carries on a number: "三块五给他" yes, "五块一个" no."""
        character = self.at(i)
        if character in NUMERALS or character in UNITS or character.isdigit():
            return False
        if character in ".点" or self.unit_at(i) is not None:
            return False
        return self.said(i, _NOT_MONEY_AFTER) is None

    def hedges(self, said: _Said, vague: bool, about: bool) -> None:
        """ "大概五十块", "一百多块", "至少一百": asked, the first with its amount offered."""
        before = self.said_before(said.start, _ABOUT_BEFORE + _BOUND_BEFORE)
        after = self.said(said.end, _ABOUT_AFTER + _BOUND_AFTER)
        if after in ("多", "余") and (not said.money_word or self.at(said.end + 1) == "少"):
            after = None  # "一百多" is read with the number; "多少" is "how much"
        if before:
            said.start = self.back_over_spaces(said.start) - len(before)
        if after:
            said.end += len(after)
        if said.value is None:
            return
        if vague or before in _BOUND_BEFORE or after in _BOUND_AFTER:
            self.set_unclear(said, "range")
        elif about or before or after:
            said.readings, said.value = (said.value,), None

    @staticmethod
    def set_unclear(said: _Said, doubt: Doubt) -> None:
        said.value, said.readings, said.doubt = None, (), doubt

    def why_not_money(self, run: re.Match[str], end: int) -> str | None:
        """Why a number said with no currency is no amount, or None when it is one."""
        written = run[0]
        if not written.isascii() and not any(c in UNITS for c in written) and "几" not in written:
            return "small"  # "等一下", "三"
        if "点" in written and written[-1] not in "万亿千百":
            return "time"  # "三点五" is more likely half past three than 3.50
        start = run.start()
        if self.at(start - 1) == MASK:
            return "masked"
        if self.at(start - 1) == ":" and self.at(start - 2).isdigit():
            return "time"  # the minutes of "10:30"
        if any(d.start() <= start < d.end() for d in _DATE.finditer(self.s)):
            return "date"  # "2025-11-23", "11/23"
        if self.said_before(start, _NOT_MONEY_BEFORE, skip=_LINKING):
            return "number"
        if self.said(end, _NOT_MONEY_AFTER):
            return "count"
        if self.digits_around(start) > _LONGEST_AMOUNT:
            return "number"
        return None

    def digits_around(self, start: int) -> int:
        """The digits of the number at `start` and of those joined to it by a space or a
        dash: "6222 0212 3456 7890" is one card number, not four amounts."""
        for group in re.finditer(r"[0-9]+(?:[ -][0-9]+)*", self.s):
            if group.start() <= start < group.end():
                return sum(c.isdigit() for c in group[0])
        return 0

    def result(self, said: _Said) -> Amount | Unclear:
        currency = said.currency or self.home
        if said.negative:
            return self.unclear(said.start, said.end, (), currency, "negative")
        if said.value is None:
            return self.unclear(said.start, said.end, said.readings, currency, said.doubt)
        if not cents_exact(said.value):
            return self.unclear(said.start, said.end, (), currency, "decimals")
        start, end = said.start, said.end
        return Amount(_tidy(said.value), currency, start, end, self.text[start:end])

    def unclear(
        self,
        start: int,
        end: int,
        readings: tuple[Decimal, ...],
        currency: str | None,
        doubt: Doubt,
    ) -> Unclear:
        tidy = tuple(_tidy(r) for r in readings)
        return Unclear(tidy, currency or self.home, start, end, self.text[start:end], doubt)
