"""Typed settings of the micro-classroom, read from the environment in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ConfigurationError
from assistant.settings import env_setting, read_env

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
        picture_max_bytes: largest picture file an educator may upload for a step.
        picture_max_pixels: most pixels (width times height) a picture may have before it
            is decoded: a small file that unpacks to a huge image is refused unread.
        picture_width: pictures wider than this are made this wide (height in proportion).
    """

    content_dir: Path = env_setting("LESSON_CONTENT_DIR", LESSONS_DIR / "content")
    max_grade: float = env_setting("LESSON_MAX_GRADE", 7.0)
    max_step_words: int = 60
    risk_rules: Path = env_setting("RISK_RULES_FILE", LESSONS_DIR / "risk_rules.yml")
    picture_max_bytes: int = env_setting("LESSON_PICTURE_MAX_BYTES", 5 * 1024 * 1024)
    picture_max_pixels: int = 30_000_000
    picture_width: int = 960

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LessonSettings:
        settings = read_env(cls, env)
        if not settings.risk_rules.is_file():
            raise ConfigurationError(
                f"RISK_RULES_FILE {settings.risk_rules} does not exist. Point it at a YAML "
                "file like lessons/risk_rules.yml, or unset it to use that one."
            )
        return settings
