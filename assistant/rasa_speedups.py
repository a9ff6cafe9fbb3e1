"""One change to how Rasa 3.6 runs, made when the Rasa server starts, never at import.

Rasa checks every action server reply against a JSON schema with `jsonschema.validate`, which
first checks the schema itself against JSON Schema's meta-schema: that check was the largest
single cost of a turn in the Rasa server (about 29% of its CPU in `py-spy`, README
"Benchmarks"). The schema never changes, so it is checked once here and its compiled validator
reused. Replies are validated exactly as before, with the same error message.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema.protocols import Validator
from jsonschema.validators import validator_for


@cache
def _action_reply_validator() -> Validator:
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_reply(action: Any, result: dict[str, Any]) -> bool:
    """`RemoteAction._validate_action_result` with the compiled validator."""
    from jsonschema import ValidationError
    from rasa.shared.constants import DOCS_BASE_URL

    try:
        _action_reply_validator().validate(result)
        return True
    except ValidationError as e:
        e.message += (
            ". Failed to validate Action server response from API, "
            "make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise e


def apply() -> None:
    """Make Rasa validate action replies with the compiled validator."""
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = validate_action_reply  # type: ignore[method-assign]
