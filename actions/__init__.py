"""The custom actions, grouped by job; rasa-sdk's executor imports every module below.

The modules at this level are the base every group uses, and they import nothing from
the groups (tests/test_layers.py):

services.py            the bank's services and the customer an action acts for
context.py             CustomerAction, the base of every action on a customer's money
consent.py             the one gate for changes to money or access: sure words, one yes
replies.py             small helpers for short replies that read well aloud
words.py               customers' words for accounts, categories, money in or out
said.py                what the customer said in this conversation
conversation_state.py  the conversation's recent past, read from the tracker
forms.py               the domain's forms and their slots, read from domain.yml
responses.py           the texts of the domain's responses, read from domain.yml
two_requests.py        two requests in one message, answered in the order said

The groups:

money/         payments, moves, deposits, bills: forms, read-back, the yes, corrections
accounts/      balances and the transaction history
cards/         freezing, unfreezing and reporting a lost card
protection/    scam stories, the lock-down, paused payments, the trusted contact
conversation/  greeting, help, repeating, follow-ups, not understood, out of scope
places/        branches, cash machines and their opening hours
classroom/     the lessons and their quiz, in conversation
"""
