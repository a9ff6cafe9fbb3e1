"""Spoken turns through /api/voice with the real recogniser, Rasa, actions and speech.

The web app has no English Vosk model here, so it uses the embedded default
(Whisper tiny.en through faster-whisper) as a customer's installation without
a download would. The speech is made with espeak-ng at several rates.
"""

import base64
import io
import wave

import pytest
import requests

from tests.e2e.voice_turns import speak_to
from tests.voice.speech import espeak, words

pytestmark = [pytest.mark.e2e, pytest.mark.speech]


def duration(audio_b64: str) -> float:
    with wave.open(io.BytesIO(base64.b64decode(audio_b64))) as reader:
        return reader.getnframes() / reader.getframerate()


@pytest.mark.parametrize("rate", [140, 180])
def test_spoken_balance_at_several_rates(assistant, login, tmp_path, rate):
    mary = login()
    body = speak_to(assistant, mary, "what is my balance", tmp_path, rate)
    assert words(body["transcript"]) == "what is my balance"
    assert body["engine"] == "whisper"
    assert "Your Checking account ending 4821 has" in mary.text()
    assert duration(body["audio"]) > 2.0, "the answer is spoken too"


def test_a_spoken_transfer_with_a_spoken_yes(assistant, login, tmp_path):
    mary = login()
    before, count = assistant.balance("demo"), assistant.transaction_count("demo")
    body = speak_to(assistant, mary, "send fifty dollars to my daughter", tmp_path)
    assert words(body["transcript"]) in (
        "send fifty dollars to my daughter",
        "send 50 to my daughter",
    )
    # Fifty sounds like fifteen: asked first (tests/e2e/test_spoken_amounts.py).
    assert mary.titles() == ["$50.00", "$15.00"], mary.text()
    mary.press("$50.00")
    assert "Pay $50.00 to Alice Wong." in mary.text()
    assert assistant.balance("demo") == before
    speak_to(assistant, mary, "yes", tmp_path)
    assert mary.text().startswith("Done. I sent $50.00 to Alice Wong.")
    assert assistant.balance("demo") == before - 5_000
    assert assistant.transaction_count("demo") == count + 1


def test_slower_is_kept_for_the_customer(assistant, login, tmp_path):
    li = login("li", "1357")
    first = speak_to(assistant, li, "what is my balance", tmp_path, 160)
    li.say("please speak slower")  # typed or said, the profile is the customer's
    assert li.text().startswith("I will speak more slowly.")
    assert first["responses"][0]["text"] in li.text(), "the answer not heard, said again"
    again = speak_to(assistant, li, "what is my balance", tmp_path, 160)
    assert again["responses"] == first["responses"], "the same question, the same answer"
    # 130 words a minute after 150: the neural voice's answers vary by a few percent in
    # length from one rendering to the next, and the pauses between sentences do not stretch.
    assert duration(again["audio"]) > duration(first["audio"]) * 1.05


def test_a_spoken_turn_says_where_its_time_went(assistant, login, tmp_path):
    mary = login()
    wav = espeak("what bills do I have", tmp_path / "bills.wav", rate=160)
    reply = requests.post(
        f"{assistant.web_url}/api/voice", data=wav.read_bytes(),
        headers={"Authorization": f"Bearer {mary.token}", "Content-Type": "audio/wav"},
        timeout=120,
    )  # fmt: skip
    assert reply.status_code == 200, reply.text
    parts = dict(p.strip().split(";dur=") for p in reply.headers["Server-Timing"].split(","))
    assert list(parts) == ["asr", "turn", "tts"]
    assert all(float(ms) > 0 for ms in parts.values())


def test_bad_audio_moves_nothing(assistant, login):
    mary = login()
    before = assistant.balance("demo")
    for data in (b"", b"garbage", b"RIFF\x00\x00\x00\x00WAVE"):
        reply = requests.post(
            f"{assistant.web_url}/api/voice", data=data,
            headers={"Authorization": f"Bearer {mary.token}", "Content-Type": "audio/wav"},
            timeout=60,
        )  # fmt: skip
        assert 400 <= reply.status_code < 500 and reply.json()["error"]
    assert assistant.balance("demo") == before


def test_voice_shell_with_a_recording(assistant, tmp_path):
    import os
    import subprocess
    import sys

    said = espeak("what is my balance", tmp_path / "q.wav", voice="en-us", rate=150)
    out = tmp_path / "answer.wav"
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "voice-shell", "--url", assistant.web_url,
         "--customer", "robert", "--wav", str(said), "--out", str(out)],
        env={**os.environ, "ASSISTANT_PIN": "2468"}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "You said: What is my balance?" in result.stdout
    assert "Assistant: Your Checking account" in result.stdout
    assert "2468" not in result.stdout + result.stderr
    with wave.open(str(out)) as reader:
        assert reader.getnframes() > reader.getframerate()


def say_next(assistant, person, steps, of, tmp_path):
    for number in steps:
        speak_to(assistant, person, "next", tmp_path)
        assert f"Step {number} of {of}" in person.text()


def test_a_whole_lesson_by_voice(assistant, login, tmp_path):
    """Steps with Next, Back and Repeat, then quiz answers as "B" and "the second one"."""
    assistant.forget_lessons("demo")
    mary = login()
    speak_to(assistant, mary, "teach me about phone scams", tmp_path)
    assert mary.text().startswith('Lesson: The "safe account" phone call.')
    assert "Step 1 of 4: The call." in mary.text()
    say_next(assistant, mary, (2, 3), 4, tmp_path)
    speak_to(assistant, mary, "back", tmp_path)
    assert "Step 2 of 4" in mary.text()
    speak_to(assistant, mary, "repeat", tmp_path)
    assert "Step 2 of 4" in mary.text()
    say_next(assistant, mary, (3, 4), 4, tmp_path)
    body = speak_to(assistant, mary, "next", tmp_path)
    assert "Question 1 of 2:" in mary.text()
    assert duration(body["audio"]) > 5.0, "the question and its choices are read aloud"
    speak_to(assistant, mary, "B", tmp_path)
    assert mary.text().startswith("That's right.")
    assert "Question 2 of 2:" in mary.text()
    speak_to(assistant, mary, "the second one", tmp_path)
    assert mary.text().startswith("That's right. Scammers can make any name or number show")
    assert "You got 2 of 2 right. Well done!" in mary.text()


def test_quiz_answers_by_number_and_in_words_then_stop(assistant, login, tmp_path):
    assistant.forget_lessons("robert")
    robert = login("robert", "2468")
    speak_to(assistant, robert, "teach me about QR code scams", tmp_path)
    assert "Step 1 of 3" in robert.text()
    say_next(assistant, robert, (2, 3), 3, tmp_path)
    speak_to(assistant, robert, "next", tmp_path)
    assert "Question 1 of 2:" in robert.text()
    speak_to(assistant, robert, "number two", tmp_path)
    assert robert.text().startswith("That's right. Thieves stick fake codes")
    speak_to(assistant, robert, "look up the office yourself and call them", tmp_path)
    assert robert.text().startswith("That's right. Check with the office")
    speak_to(assistant, robert, "teach me about romance scams", tmp_path)
    assert "Step 1 of 4" in robert.text()
    speak_to(assistant, robert, "stop the lesson", tmp_path)
    assert robert.text().startswith("Okay, we have stopped the lesson.")
    speak_to(assistant, robert, "what is my balance", tmp_path)
    assert "Your Checking account" in robert.text()


def test_a_practice_call_by_voice(assistant, login, tmp_path):
    """A practice call started, answered in words and stopped, all spoken; its caller's
    line is read aloud marked as practice, and nothing real happens."""
    li = login("li", "1357")
    before = assistant.balance("li")
    body = speak_to(assistant, li, "let me practise the grandchild call", tmp_path)
    assert "Practice call. The caller says:" in li.text()
    assert duration(body["audio"]) > 5.0, "the caller's line is read aloud"
    speak_to(assistant, li, "I would call my grandson on his own number", tmp_path)
    assert li.text().startswith("Safe choice.")
    speak_to(assistant, li, "what is my balance", tmp_path)
    assert "Your Checking account" in li.text(), "the call is over: banking as usual"
    assert assistant.balance("li") == before


def test_a_lesson_step_through_the_voice_shell(assistant, tmp_path):
    import os
    import subprocess
    import sys

    said = espeak("teach me about QR code scams", tmp_path / "q.wav", voice="en-us", rate=150)
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "voice-shell", "--url", assistant.web_url,
         "--customer", "li", "--wav", str(said), "--out", str(tmp_path / "a.wav")],
        env={**os.environ, "ASSISTANT_PIN": "1357"}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Assistant: Lesson: QR codes that lead to thieves." in result.stdout
    assert "Step 1 of 3" in result.stdout
    assert "1. Next" in result.stdout, "the lesson's buttons are listed to say or press"
