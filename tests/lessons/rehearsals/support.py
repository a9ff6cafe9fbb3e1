"""A small rehearsal file that the format, store and web tests share."""

GOOD = """\
slug: test-call
title: A test call
summary: A caller wants a code, and you practise saying no.
keywords: [code, caller]
remember: Never read a code to a caller.
steps:
  - id: the-call
    caller: Hello, this is your bank. Please read me the code we sent you.
    answers:
      - answer: Hang up
        move: hang_up
        feedback: Good. Hanging up is safe.
        next: end
      - answer: Read the code
        move: give_code
        feedback: That is what the scammer wants.
        next: again
  - id: again
    caller: Thank you. Now read me the next one.
    answers:
      - answer: Say no
        move: refuse
        feedback: Well done. Saying no is safe.
      - answer: Read it
        move: give_code
        feedback: That code lets him take your money.
"""
