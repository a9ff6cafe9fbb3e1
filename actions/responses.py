"""The texts of domain.yml's responses, for actions that must recognise one when it was
said; read when first needed, so that the domain stays the one place of each text."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from actions.forms import DOMAIN
from assistant.errors import ConfigurationError


@functools.cache
def response_texts(path: Path = DOMAIN) -> dict[str, str]:
    """The first text of each response of the domain file that has one, by its name."""
    try:
        responses = yaml.safe_load(path.read_text(encoding="utf-8"))["responses"]
        return {
            name: str(variants[0]["text"])
            for name, variants in responses.items()
            if variants and "text" in variants[0]
        }
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as error:
        raise ConfigurationError(
            f"The responses cannot be read from {path} ({error!r}). Run the action server "
            "from the project folder, where domain.yml has a `responses:` section."
        ) from error
