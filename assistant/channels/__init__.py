"""The ways a customer's message reaches the dialogue, above the bank's ground.

rasa_input.py    the signed input channel inside Rasa (`BankGatewayInput`, credentials.yml)
rasa_gateway.py  the client that sends a message to that channel (web app, Matrix bot)
telegram.py      Telegram with its webhook secret checked (`BankTelegramInput`; README)
matrix/          the Matrix bot: client, link codes, sync, daily lessons
errors.py        what a channel raises when the assistant cannot answer

A channel may use the ground (`assistant.*`) and the features (`lessons`, `voice`, `nlu`);
the web app and the CLI use the channels. A new channel is a module (or a package) here.
"""
