"""Rasa, the dialogue engine, as the assistant runs it.

Its server and the action server's process, the tracker and lock stores they share, and
the changes to how Rasa 3.6 runs (`rasa_speedups`, `rasa_history`): the only modules that
reach into Rasa's internals, refused on any other Rasa version (`rasa_speedups.PATCHED_RASA`).
"""
