"""Every answer ends with buttons (web/next_steps.py)."""

from web.next_steps import ANYTHING_ELSE, NEXT_STEPS, with_next_steps


def test_a_statement_gets_the_next_steps_under_anything_else():
    turn = with_next_steps([{"text": "Your Current account ending 4821 has $20.00."}])
    assert turn[-1]["buttons"] == list(NEXT_STEPS)
    assert turn[-1]["prompt"] == ANYTHING_ELSE


def test_a_question_gets_a_way_out_not_the_menu():
    turn = with_next_steps(
        [{"text": "How much would you like to send? Your Current account has $4.00."}]
    )
    assert [b["title"] for b in turn[-1]["buttons"]] == ["Stop"]
    assert "prompt" not in turn[-1]


def test_the_assistants_own_buttons_are_kept():
    yes_no = [{"title": "Yes, send it", "payload": "/affirm"}]
    turn = [{"text": "Done."}, {"text": "Shall I send it?", "buttons": yes_no}]
    assert with_next_steps(turn) == turn
    step = [{"text": "You were on step 2 of 4."}, {"text": "Step 2 of 4", "buttons": yes_no}]
    assert with_next_steps(step) == step
