"""Reading the customer's accounts; nothing here changes them.

balance.py  check_balance, and "and the savings one?" after it
history.py  transaction_history by period, category, merchant, money in or out
"""
