"""The bank: customers, accounts, the ledger, payments, payees, cards, protection.

The ground the rest stands on. Nothing here imports Rasa, Flask, the lessons or
the voice (tests/test_layers.py checks): a banking developer reads the bank here,
and the dialogue, the web app and the channels call it.
"""
