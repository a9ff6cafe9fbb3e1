from decimal import Decimal

import pytest

from nlu.money import Unclear, find_amounts


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("two hundred and fifty dollars", "250", "USD"),
        ("send 250 yuan to Wei", "250", "CNY"),
        ("a thousand", "1000", "USD"),
        ("$1,200.50", "1200.50", "USD"),
        ("send fifty pounds to alice", "50", "GBP"),
        ("twenty five dollars and fifty cents", "25.50", "USD"),
        ("I want to move 5k to savings", "5000", "USD"),
        ("send 50 to Alice", "50", "USD"),
        ("um send send one hundred dollars to alice", "100", "USD"),
        ("€20", "20", "EUR"),
    ],
)
def test_amounts_said_or_typed(text, value, currency):
    found = find_amounts(text, "USD")
    assert [(a.value, a.currency) for a in found] == [(Decimal(value), currency)]


@pytest.mark.parametrize(
    "text",
    [
        "what did I spend in the last 30 days",
        "freeze my card ending 4821",
        "the branch opens at 9 am",
        "what did I spend in 2025",
        "my account number is 400011114821",
        "pay the water bill",
    ],
)
def test_numbers_that_are_not_money(text):
    assert find_amounts(text, "USD") == []


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("send 18000 from savings to account 12345678", "18000"),
        ("send 250 to account number 44556677 please", "250"),
        ("pay 20 to acct 99887766 now", "20"),
        ("send 50 to card 1234 5678 9012 3456", "50"),
        ("$5678 to account 12345678", "5678"),
    ],
)
def test_what_is_left_of_a_masked_number_is_never_an_amount(typed, value):
    """The web app masks account and card numbers before the assistant reads a message
    ("account ****5678"); their last four digits had been read back as the amount."""
    from assistant.messages import redact

    found = find_amounts(redact(typed), "USD")
    assert [a.value for a in found] == [Decimal(value)]


def test_home_currency_is_used_when_none_is_said():
    assert find_amounts("send 40 to Wei", "CNY")[0].currency == "CNY"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("transfer 2 hundred to carlos", "200"),
        ("send carlos 1 thousand 5 hundred dollars", "1500"),
        ("one and a half thousand", "1500"),
        ("fifteen hundred", "1500"),
        ("$1.5k", "1500"),
        ("a hundred and five", "105"),
        ("send 50 dollars to northern power", "50"),
        ("four dollars fifty", "4.50"),
        ("fifty cents", "0.50"),
        ("one point five thousand", "1500"),
    ],
)
def test_amounts_customers_were_misheard_on(text, value):
    assert [a.value for a in find_amounts(text, "USD")] == [Decimal(value)]


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("send carlos two fifty", ["250", "2.50"]),
        ("nine ninety nine", ["999", "9.99"]),
        ("a couple of hundred", ["200"]),
    ],
)
def test_amounts_that_must_be_asked(text, readings):
    (found,) = find_amounts(text, "USD")
    assert isinstance(found, Unclear)
    assert list(found.readings) == [Decimal(r) for r in readings]


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("send half a thousand dollars to alice", "500", "USD"),
        ("a quarter of a million", "250000", "USD"),
        ("one and a half thousand", "1500", "USD"),
        ("a thousand and a half", "1500", "USD"),
        ("a grand", "1000", "USD"),
        ("two grand", "2000", "USD"),
        ("5k", "5000", "USD"),
        ("5K", "5000", "USD"),
        ("$2.5k", "2500", "USD"),
        ("a hundred", "100", "USD"),
        ("move 1.000,50 to savings", "1000.50", "USD"),
        ("1,000.50", "1000.50", "USD"),
        ("1 000,50", "1000.50", "USD"),
        ("25 dollars and 50 cents", "25.50", "USD"),
        ("$25.50", "25.50", "USD"),
        ("50 cents", "0.50", "USD"),
        ("20€", "20", "EUR"),
        ("500£ cash withdrawal", "500", "GBP"),
        ("five and a half dollars", "5.50", "USD"),
        ("twenty-five dollars and fifty-six cents", "25.56", "USD"),
    ],
)
def test_the_grammar_reads_these_for_sure(text, value, currency):
    (found,) = find_amounts(text, "USD", "en_US")
    assert (found.value, found.currency) == (Decimal(value), currency)
    assert str(found.value) == value  # whole amounts bare, the rest in cents


@pytest.mark.parametrize(
    ("text", "locale", "value"),
    [
        ("1,500", "en_US", "1500"),
        ("1.500", "de_DE", "1500"),
        ("1,50", "de_DE", "1.50"),
        ("1.000,50", "en_US", "1000.50"),  # only one reading is a number at all
        ("1,000.50", "de_DE", "1000.50"),
        ("1.5", "de_DE", "1.50"),
        ("1’500.25", "de_CH", "1500.25"),
    ],
)
def test_the_customers_locale_says_which_mark_is_decimal(text, locale, value):
    (found,) = find_amounts(text, "USD", locale)
    assert found.value == Decimal(value)


@pytest.mark.parametrize(
    ("text", "locale", "readings", "doubt"),
    [
        ("1,500", None, ["1500", "1.50"], "which"),
        ("1.000", None, ["1000", "1"], "which"),
        ("1.000", "en_US", ["1000", "1"], "which"),  # $1.000 is no way to write a dollar
        ("1,500", "de_DE", ["1500", "1.50"], "which"),
        ("twenty five fifty", "en_US", ["2550", "25.50"], "which"),
        ("a couple of hundred", "en_US", ["200"], "which"),
        ("a few hundred", "en_US", [], "range"),
        ("several thousand dollars", "en_US", [], "range"),
        ("-50", "en_US", [], "negative"),
        ("send -$50 to alice", "en_US", [], "negative"),
        ("minus 50", "en_US", [], "negative"),
        ("negative fifty", "en_US", [], "negative"),
        ("10.5055", "en_US", [], "decimals"),
        ("$2.50 and 30 cents", "en_US", [], "unreadable"),
        ("two five", "en_US", [], "unreadable"),
        ("$50 euros", "en_US", [], "unreadable"),
        ("20-30 dollars", "en_US", ["20", "30"], "which"),
        ("fifty or sixty", "en_US", ["50", "60"], "which"),
        ("between $50 and $60", "en_US", ["50", "60"], "which"),
    ],
)
def test_what_is_not_sure_is_asked_with_why(text, locale, readings, doubt):
    (found,) = find_amounts(text, "USD", locale)
    assert isinstance(found, Unclear)
    assert [str(r) for r in found.readings] == readings
    assert found.doubt == doubt


def test_an_unknown_locale_is_a_clear_error():
    with pytest.raises(ValueError, match="BANK_LOCALE must be a locale such as en_US"):
        find_amounts("send 50", "USD", "xx_nowhere")
