"""The lessons in conversation (their content and logic live in the top-level `lessons`).

lessons.py  list, start, next, back, the quiz and its score
"""
