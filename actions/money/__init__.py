"""Money that moves: the payment forms, the read-back, the yes, and what follows it.

transfer.py        transfer_money: a payment to a saved payee
own_transfer.py    move_money: between the customer's own accounts
bills.py           check_bills and pay_bill
deposits.py        deposit_products and open_deposit
codes.py           payment_code: the QR code that pays at a till
amounts.py         the amount slot of the payment forms
source_account.py  the account money is paid from
payees.py          who can be paid: saved payees only
money_question.py  "Do you want to send money?" below the money bar
read_back.py       the prepared payment read back before the yes
payment_kinds.py   how each kind of payment is read back, done, not done, undone
confirm.py         yes, no and cancel at the read-back
amend.py           corrections at the read-back ("make it forty")
changed_mind.py    a yes right after a no at the read-back
already_done.py    "undo that" after a payment, a move or a code
held_payment.py    a payment the risk rules paused, and "send it anyway"
"""
