"""Scam rehearsals: short practice calls in which the assistant plays the scammer.

moves.py     the moves a customer can make (hang up, refuse, give a code...) and their kind
words.py     a customer's own answer read as a stop, a move, or unclear
format.py    one YAML file per rehearsal -> a checked, plain rehearsal
machine.py   the practice call as a pure state machine over a small JSON state
play.py      start, answer and stop for the dialogue, over the published rehearsals
policy.py    while a practice call goes on, every message is an answer to it (Rasa policy)
models.py    rehearsals, their versions and the events behind the analytics
store.py     the publishing workflow, as for lessons (draft -> in review -> published)
form.py      a rehearsal as the portal form's fields, and back to its file
analytics.py started, finished, scores and each step's safe and risky share, as rows
content/     the library, written for this project
"""
