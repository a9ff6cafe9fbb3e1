"""A spoken amount that sounds like another is asked about through the real stack: the
web app's /api/voice (espeak-ng, then the recogniser), Rasa with the trained model and
the action server. "Fourteen" heard is never read back as if sure; "forty" chosen is
read back as $40.00 and, after a yes, sent."""

from __future__ import annotations

import pytest

from assistant.channels.rasa_gateway import RasaGateway
from tests.e2e.voice_turns import speak_to
from tests.voice.speech import words

pytestmark = pytest.mark.e2e

ASKED = "Did you say fourteen dollars, one four, or forty dollars, four zero?"


@pytest.mark.speech
def test_fourteen_heard_is_asked_and_forty_chosen_is_read_back_and_sent(assistant, login, tmp_path):
    robert = login("robert", "2468")
    before = assistant.balance("robert")
    body = speak_to(assistant, robert, "send fourteen dollars to carlos", tmp_path)
    assert "14" in words(body["transcript"]) and "carlos" in words(body["transcript"])
    assert robert.text() == ASKED, body["transcript"]
    assert robert.titles() == ["$14.00", "$40.00"]
    assert "Pay" not in robert.text()

    robert.press("$40.00")
    assert "Pay $40.00 to Carlos Diaz." in robert.text()
    assert "$14" not in robert.text()
    assert assistant.balance("robert") == before

    speak_to(assistant, robert, "yes", tmp_path)
    assert robert.text().startswith("Done. I sent $40.00 to Carlos Diaz."), robert.text()
    assert assistant.balance("robert") == before - 4_000


def test_the_try_out_as_the_recogniser_heard_it(assistant, login):
    """A $14 heard for forty as it reaches Rasa, at confidence 0.866: above the bar."""
    robert = login("robert", "2468")
    sender = assistant.sender_of(robert.token)
    runtime = assistant.settings.runtime
    gateway = RasaGateway(runtime.rasa_url, runtime.gateway_secret)
    voice = {"input": "voice", "asr_confidence": 0.866}

    def said(text: str) -> str:
        return "\n".join(m.get("text") or "" for m in gateway.send(sender, text, voice))

    before = assistant.balance("robert")
    asked = said("Send $14 to Carlos.")
    assert asked == ASKED
    assert "Pay $40.00 to Carlos Diaz." in said("Forty.")  # the answer said, heard as said
    assert "Done. I sent $40.00 to Carlos Diaz." in said("Yes please.")
    assert assistant.balance("robert") == before - 4_000
