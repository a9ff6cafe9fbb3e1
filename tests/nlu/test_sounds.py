import pytest

from nlu.sounds import sound_code


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("show me my state meant", "show me my statement"),
        ("can sell", "cancel"),
        ("lauder please", "louder please"),
        ("open a time to posit", "open a time deposit"),
        ("know thanks", "no thanks"),
    ],
)
def test_misheard_words_sound_like_what_was_meant(heard, meant):
    assert sound_code(heard) == sound_code(meant)


def test_different_requests_sound_different():
    assert sound_code("freeze my card") != sound_code("pay my bill")
    assert sound_code("") == ""
