"""The conversation itself: what is said around the requests.

conversation.py  greeting, repeating, and the voice controls
help.py          what the assistant can do
clarify.py       a message not understood gets a short question
which_first.py   two requests in one message: which first?
followups.py     follow-ups that keep their subject ("and the month before that")
topics.py        requests known by their kind, wherever the classifier put them
out_of_scope.py  what the assistant cannot help with
kind_words.py    small talk, a loss, a complaint
support.py       PIN advice, loans and handing over to a person
"""
