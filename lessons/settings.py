"""Typed settings of the micro-classroom, read from the environment in one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ConfigurationError

LESSONS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class LessonSettings:
    """How lessons are checked and when payments are paused.

    Attributes:
        content_dir: folder of lesson Markdown files that `assistant lessons
            import` reads.
        max_grade: highest Flesch-Kincaid grade a lesson may have; the import
            fails above it.
        max_step_words: most words in one step.
        risk_rules: YAML file with the just-in-time protection rules.
    """

    content_dir: Path = LESSONS_DIR / "content"
    max_grade: float = 7.0
    max_step_words: int = 60
    risk_rules: Path = LESSONS_DIR / "risk_rules.yml"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LessonSettings:
        env = os.environ if env is None else env
        raw_grade = env.get("LESSON_MAX_GRADE", "7.0")
        try:
            max_grade = float(raw_grade)
        except ValueError:
            raise ConfigurationError(
                f"LESSON_MAX_GRADE must be a number such as 7.0, got {raw_grade!r}."
            ) from None
        settings = cls(
            content_dir=Path(env.get("LESSON_CONTENT_DIR") or cls.content_dir),
            max_grade=max_grade,
            risk_rules=Path(env.get("RISK_RULES_FILE") or cls.risk_rules),
        )
        if not settings.risk_rules.is_file():
            raise ConfigurationError(
                f"RISK_RULES_FILE {settings.risk_rules} does not exist. Point it at a YAML "
                "file like lessons/risk_rules.yml, or unset it to use that one."
            )
        return settings
