"""Campaigns: a published lesson or practice call scheduled for a group of customers.

models.py    campaigns and their reach (one row per customer offered a campaign's item)
store.py     scheduling and cancelling (educators), the groups, what is offered to whom
             (the greeting's offer, the Matrix daily pick), a practice call's start and finish
dialogue.py  the functions the dialogue calls: offer_at_greeting, practice_started/finished
errors.py    InvalidCampaign, CampaignNotFound
"""
