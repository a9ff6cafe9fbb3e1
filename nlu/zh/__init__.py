"""Mandarin: amounts of money, periods of time and yes-or-no replies in Chinese text, read
as the English readers read them (nlu/money.py, nlu/periods.py), with their return types,
for the entity extractor to use once the assistant understands Mandarin.

text.py      traditional characters and full-width digits as the simplified, half-width
             ones the readers know, each character kept in its place
numbers.py   Chinese numerals, and digits mixed with them, as exact Decimals (cn2an)
money.py     amounts of money: "两百五十块", "一千二百五十块五毛", "1.5万元", "几百块" (asked)
periods.py   periods of time: "上个月", "最近三天", "上周一以来"
replies.py   a reply that is a yes, a no, or a wait: "好的", "不用", "等一下"
"""
