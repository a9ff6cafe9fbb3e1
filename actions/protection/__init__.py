"""Keeping the customer safe: scams, the fraud first hour, paused payments.

scams.py            scam stories, "I've been scammed", "what have you done?"
lockdown.py         the lock-down's one question before the fraud first hour
pause.py            ask_about_pause: why payments are paused and until when
holds.py            the words and choices of a payment the risk rules paused
trusted_contact.py  the trusted contact, asked before a paused payment is sent
unknown_payment.py  a payment the customer did not make, looked up
plain_answers.py    worries that are no fraud report: "is this really the bank?"
"""
