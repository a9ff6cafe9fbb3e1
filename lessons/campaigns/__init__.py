"""Campaigns: a published lesson or practice call scheduled for a group of customers.

models.py    campaigns and their reach (one row per customer offered a campaign's item)
store.py     scheduling and cancelling (educators), the groups, what is offered to whom:
             the greeting's offer, the Matrix daily pick, the started and finished hooks
"""
