"""Replies said the way a person would say them."""

import pytest

from voice.spoken import say, sentences


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("$250.00", "two hundred and fifty dollars"),
        ("$1.00", "one dollar"),
        ("$12.50", "twelve dollars and fifty cents"),
        ("$0.05", "five cents"),
        ("$1,234.56", "one thousand, two hundred and thirty-four dollars and fifty-six cents"),
        ("Current account ending 4821", "Current account ending four, eight, two, one"),
        ("account 400012345678", "account a number ending five, six, seven, eight"),
        ("case FR-123456", "case FR-one two three; four five six"),
        ("Tuesday 3 November", "Tuesday the third of November"),
        ("on 21 March 2027", "on the twenty-first of March twenty twenty-seven"),
        ("open 9:00 to 17:30", "open nine o'clock to seventeen thirty"),
        ("2.5% a year", "two point five percent a year"),
        ("<b>Hello</b> <script>x()</script>there", "Hello there"),
        ("**Done** 🎉 ✅", "Done"),
    ],
)
def test_said_as_words(text, said):
    assert say(text) == said


def test_sentences_and_numbered_choices():
    spoken = sentences(
        [
            {"text": "Please check this payment.\nPay $50.00 to Alice Wong.\nShall I send it?",
             "buttons": [{"title": "Yes, send it", "payload": "/affirm"},
                         {"title": "No, stop", "payload": "/deny"}]},
        ]
    )  # fmt: skip
    assert spoken == [
        "Please check this payment.",
        "Pay fifty dollars, that is five zero dollars, to Alice Wong.",
        "Shall I send it?",
        "Say one for Yes, send it.",
        "Say two for No, stop.",
    ]


def test_an_amount_to_choose_that_sounds_like_another_is_said_digit_by_digit_too():
    read_back = {
        "text": "Pay $14.00 to Carlos Diaz.\nShall I send it?",
        "buttons": [{"title": "Yes, send it", "payload": "/affirm"}],
    }
    asked = {
        "text": "Did you say fourteen dollars, one four, or forty dollars, four zero?",
        "buttons": [{"title": "$14.00"}, {"title": "$40.50"}],
    }
    assert sentences([read_back, asked]) == [
        "Pay fourteen dollars, that is one four dollars, to Carlos Diaz.",
        "Shall I send it?",
        "Did you say fourteen dollars, one four, or forty dollars, four zero?",
        "Say one for Yes, send it.",
        "Say two for fourteen dollars, that is one four dollars.",
        "Say three for forty dollars and fifty cents, that is four zero point five zero dollars.",
    ]
    # Nothing to choose, or no word that sounds like another: as before.
    assert sentences([{"text": "You have $14.00."}]) == ["You have fourteen dollars."]
    for plain in ("$25.00", "$1,400.00", "$45.00", "$100.00"):
        assert say(plain, choosing=True) == say(plain)


@pytest.mark.parametrize(
    ("currency", "text", "said"),
    [
        ("EUR", "€1,250.50", "one thousand, two hundred and fifty euros and fifty cents"),
        ("EUR", "€1.00", "one euro"),
        ("GBP", "£3.01", "three pounds and one penny"),
        ("JPY", "¥1,250", "one thousand, two hundred and fifty Japanese yen"),
        ("CHF", "CHF 20.00", "twenty Swiss francs"),
        ("EUR", "$5.00", "five dollars"),
    ],
)
def test_amounts_in_the_home_currency(currency, text, said):
    assert say(text, currency) == said


def test_sentences_in_euros():
    assert sentences([{"text": "You have €1,250.50."}], "EUR") == [
        "You have one thousand, two hundred and fifty euros and fifty cents."
    ]


def test_the_next_steps_under_an_answer_are_not_read_out_as_a_menu():
    from web.next_steps import with_next_steps

    answer = with_next_steps([{"text": "Your card ending 5309 is working."}])
    assert sentences(answer) == [
        "Your card ending five, three, zero, nine is working.",
        "Anything else?",
    ]
    question = with_next_steps([{"text": "How much would you like to send?"}])
    assert sentences(question) == ["How much would you like to send?"]
    offered = [{"text": "Shall I send it?", "buttons": [{"title": "Yes"}, {"title": "No"}]}]
    assert sentences(with_next_steps(offered))[-2:] == ["Say one for Yes.", "Say two for No."]


def test_a_lesson_steps_picture_is_said_in_words_after_its_text_before_the_choices():
    card = {"kind": "step", "picture": {"alt": "A ringing phone. Its screen says Your Bank."}}
    said = sentences([{"text": "Step 1 of 4: The call.", "buttons": [{"title": "Next"}],
                       "card": card}])  # fmt: skip
    assert said == [
        "Step one of four: The call.",
        "The picture shows a ringing phone. Its screen says Your Bank.",
        "Say one for Next.",
    ]
    assert sentences([{"text": "Hello.", "card": {"kind": "step"}}]) == ["Hello."]
