"""The anti-fraud micro-classroom: lessons, quizzes, progress and risk rules.

format.py    one Markdown file with YAML front matter -> a validated, sanitised lesson
models.py    lessons, their versions, learners' progress, interceptions
store.py     the publishing workflow (draft -> in review -> published -> archived)
render.py    how a step or a quiz question looks in a chat
tutor.py     taking a lesson: next, back, repeat, answers, score, resume
risk.py      just-in-time protection: rules that pause a risky payment
analytics.py starts, completions, scores and interceptions per lesson
"""
