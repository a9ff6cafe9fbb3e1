"""The assistant on Matrix, an open instant-messaging standard a bank can host itself.

client.py     the few client-server API calls the bot needs (login, sync, join, send)
bot.py        the channel: direct messages in, the same dialogue as web chat, replies out,
              and the daily lesson subscriptions and the scheduler that sends them once
links.py      linking a Matrix user to a bank customer with a one-time code, and unlinking
models.py     what the bot keeps: sync position, handled events, links, subscriptions
"""
