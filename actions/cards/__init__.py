"""The customer's cards.

cards.py  freeze_card, unfreeze_card and report_lost_card, each after one question
"""
