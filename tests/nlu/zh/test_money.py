"""Amounts of money in Chinese text (nlu/zh/money.py): read for sure, asked, or no money."""

from decimal import Decimal

import pytest

from nlu.money import Amount, Unclear
from nlu.zh.money import find_amounts


def read(text: str) -> list[tuple[str, str, str]]:
    """What was found, as (kind, value or readings, currency, words)."""
    found = []
    for amount in find_amounts(text, "USD"):
        if isinstance(amount, Amount):
            found.append(("sure", str(amount.value), amount.currency, amount.text))
        else:
            readings = ",".join(str(r) for r in amount.readings)
            found.append((amount.doubt, readings, amount.currency, amount.text))
    return found


@pytest.mark.parametrize(
    ("text", "value", "currency", "words"),
    [
        ("两百五十块", "250", "USD", "两百五十块"),
        ("250元", "250", "USD", "250元"),
        ("一千二百五十块五毛", "1250.50", "USD", "一千二百五十块五毛"),
        ("五十美元", "50", "USD", "五十美元"),
        ("两千", "2000", "USD", "两千"),
        ("三块五", "3.50", "USD", "三块五"),
        ("一万", "10000", "USD", "一万"),
        ("1,000元", "1000", "USD", "1,000元"),
        ("八十八块八", "88.80", "USD", "八十八块八"),
        ("零点五元", "0.50", "USD", "零点五元"),
        ("兩百五十塊", "250", "USD", "兩百五十塊"),  # traditional, quoted as written
        ("给我女儿转两百五十块钱", "250", "USD", "两百五十块钱"),
        ("人民币五百元", "500", "CNY", "人民币五百元"),
        ("¥50", "50", "CNY", "¥50"),
        ("五十欧元", "50", "EUR", "五十欧元"),
        ("50 USD", "50", "USD", "50 USD"),
        ("三块零五", "3.05", "USD", "三块零五"),
        ("三块五毛五", "3.55", "USD", "三块五毛五"),
        ("二十块零五毛", "20.50", "USD", "二十块零五毛"),
        ("三元零五分", "3.05", "USD", "三元零五分"),
        ("一块半", "1.50", "USD", "一块半"),
        ("五毛", "0.50", "USD", "五毛"),
        ("两毛五", "0.25", "USD", "两毛五"),
        ("五角三分", "0.53", "USD", "五角三分"),
        ("五分钱", "0.05", "USD", "五分钱"),
        ("一万二", "12000", "USD", "一万二"),
        ("一千零五十块", "1050", "USD", "一千零五十块"),
        ("1.5万元", "15000", "USD", "1.5万元"),
        ("一点五万", "15000", "USD", "一点五万"),
        ("2万5", "25000", "USD", "2万5"),
        ("转1万2千5百元", "12500", "USD", "1万2千5百元"),
        ("12万3456块5毛3", "123456.53", "USD", "12万3456块5毛3"),
        ("壹仟贰佰伍拾元整", "1250", "USD", "壹仟贰佰伍拾元整"),
        ("一块儿钱", "1", "USD", "一块儿钱"),
        ("周一一百块", "100", "USD", "一百块"),  # the 一 of 周一 is Monday's
    ],
)
def test_amounts_read_for_sure(text, value, currency, words):
    assert read(text) == [("sure", value, currency, words)]


@pytest.mark.parametrize(
    ("text", "doubt", "readings"),
    [
        ("几百块", "range", ""),
        ("一两百", "which", "100,200"),
        ("两三千块", "which", "2000,3000"),
        ("五六十块", "which", "50,60"),
        ("一千五六", "which", "1500,1600"),
        ("十几块", "range", ""),
        ("数百元", "range", ""),
        ("好几千", "range", ""),
        ("一百多块", "range", ""),
        ("三块多", "range", ""),
        ("上千块", "range", ""),
        ("至少一百", "range", ""),
        ("大概五十块", "which", "50"),
        ("五十块左右", "which", "50"),
        ("十来块", "which", "10"),
        ("五十到六十块", "which", "50,60"),
        ("三到五块", "which", "3,5"),
        ("50-60元", "which", "50,60"),
        ("一百块或者两百块", "which", "100,200"),
        ("负五十", "negative", ""),
        ("-50元", "negative", ""),
        ("12.345元", "which", "12345"),
        ("二五零块", "unreadable", ""),
        ("1.5元5角", "unreadable", ""),
        ("三块五十", "unreadable", ""),
    ],
)
def test_money_that_is_not_one_amount_for_sure_is_asked(text, doubt, readings):
    ((kind, offered, _, _),) = read(text)
    assert (kind, offered) == (doubt, readings)


@pytest.mark.parametrize(
    "text",
    [
        "尾号5309",
        "卡号后四位",
        "卡号后四位是5309",
        "尾号为5309的卡丢了",
        "5309结尾的卡",
        "卡号 6222 0212 3456 7890",
        "我的账号是400011114821",
        "****5309",
        "最近三天花了多少",
        "上周一以来",
        "三月五号",
        "下午三点",
        "10:30",
        "打电话给95588",
        "2025-11-23那笔",
        "百分之五十",
        "三笔付款",
        "两张卡",
        "我今年八十岁",
        "第一个",
        "等一下",
        "我们一块儿去",
        "十分感谢",
        "马上千万别转",
        "万一我忘了",
        "一百多个",
        "三到五天",
    ],
)
def test_numbers_that_are_not_money(text):
    assert read(text) == []


def test_a_card_ending_beside_an_amount_is_left_out():
    assert read("给尾号5309的卡转100元") == [("sure", "100", "USD", "100元")]


def test_two_amounts_in_one_message():
    assert [value for _, value, _, _ in read("五十块，六十块")] == ["50", "60"]


def test_amounts_are_decimals_in_cents_never_floats():
    found = find_amounts("三块五，1,250.5元，一万二，一两百", "CNY")
    values = [a.value for a in found if isinstance(a, Amount)]
    readings = [r for a in found if isinstance(a, Unclear) for r in a.readings]
    assert all(type(v) is Decimal for v in values + readings)
    assert [str(v) for v in values] == ["3.50", "1250.50", "12000"]


def test_the_offsets_are_those_of_the_customer_s_words():
    text = "請給我女兒轉兩百五十塊錢"
    (amount,) = find_amounts(text, "CNY")
    assert text[amount.start : amount.end] == amount.text == "兩百五十塊錢"
