"""The assistant on Matrix, an open instant-messaging standard a bank can host itself.

client.py     the few client-server API calls the bot needs (login, sync, join, send)
bot.py        the channel: direct messages in, the same dialogue as web chat, replies out
settings.py   how the bot reaches its homeserver (MATRIX_* variables)
text.py       a Matrix user's sender id; replies and buttons as one numbered message
links.py      linking a Matrix user to a bank customer with a one-time code, and unlinking
daily.py      the lesson of the day for subscribers, sent once
state.py      the sync position and the access token, kept between runs
models.py     what the bot keeps: sync position, handled events, links, subscriptions
"""
