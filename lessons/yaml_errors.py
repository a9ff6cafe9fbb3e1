"""A YAML error in a lesson's front matter, said as what to change on which line.

The parser's own words ("while parsing a block mapping ... expected <block end>")
mean nothing to an educator, and its line is often the one after the mistake. The
mistakes educators make are few: a space too many or too few at the start of a
line, a colon inside a value, a tab, a quote not closed. Each is found from the
text itself, and the parser's line is only the fallback.
"""

from __future__ import annotations

import re

import yaml

from lessons.errors import Problem

_KEY_VALUE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[A-Za-z_]+):\s+(?P<value>.*?)\s*$")
_QUOTES = ("'", '"')


def yaml_problem(error: yaml.YAMLError, text: str, first_line: int) -> Problem:
    """What to change for a YAML error in `text`, the front matter from file line `first_line`."""
    lines = text.split("\n")
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    at = min(mark.line, len(lines) - 1) if mark is not None else 0
    problem = str(getattr(error, "problem", "") or "")

    for number, line in enumerate(lines):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            return Problem(
                "Use spaces, not tabs, at the start of this line.", line=first_line + number
            )
    for number, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if line.strip() and not line.lstrip().startswith("#") and indent % 2:
            return Problem(_odd_indent(lines, number, indent), line=first_line + number)
    for number in (at, at - 1):
        colon = _colon_in_value(lines[number]) if 0 <= number < len(lines) else None
        if colon and "mapping values are not allowed" in problem:
            return Problem(colon, line=first_line + number)
    context = str(getattr(error, "context", "") or "")
    if "quoted scalar" in context:
        opened = error.context_mark.line if getattr(error, "context_mark", None) else at
        return Problem(
            "A quote opened on this line is not closed: end the value with the same quote mark.",
            line=first_line + opened,
        )
    if "flow sequence" in context or "flow mapping" in context:
        opened = error.context_mark.line if getattr(error, "context_mark", None) else at
        return Problem(
            "A list opened with [ on this line is not closed with ]. End it with ], "
            "or put quotes around a value that starts with [.",
            line=first_line + opened,
        )
    if "expected <block end>" in problem or "expected <block" in context:
        return Problem(
            "The spaces at the start of this line do not line up with the lines above it. "
            "Each question starts with '  - question:', its other lines with 4 spaces, "
            "and each choice with 6 spaces and '- '.",
            line=first_line + at,
        )
    return Problem(
        "This line could not be read. Check the spaces at its start, and put quotes "
        'around a value that has a colon or a # in it, like summary: "Scams: what to do"',
        line=first_line + at,
    )


def _odd_indent(lines: list[str], number: int, indent: int) -> str:
    """Lessons indent by two spaces, so an odd indent is one space too many or too few:
    the one with which the front matter reads is the one meant."""
    expected = indent - 1
    for candidate in (indent - 1, indent + 1):
        fixed = [*lines[:number], " " * candidate + lines[number].lstrip(" "), *lines[number + 1 :]]
        try:
            yaml.safe_load("\n".join(fixed))
        except yaml.YAMLError:
            continue
        expected = candidate
        break
    how = "one space too many" if expected < indent else "one space too few"
    return (
        f"This line starts with {indent} spaces, {how}: start it with {expected} spaces "
        "so it lines up with the lines that belong with it."
    )


def _colon_in_value(line: str) -> str | None:
    """The advice for `name: value` whose value has a colon of its own, such as
    `summary: Scams: what to do`, which YAML reads as a name inside a name."""
    match = _KEY_VALUE.match(line)
    if not match:
        return None
    value = match.group("value")
    if ":" not in value or value.startswith(_QUOTES):
        return None
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    return (
        "A colon inside a value needs quotes around the value, like "
        f'{match.group("key")}: "{quoted}"'
    )
