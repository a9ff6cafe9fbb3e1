"""Audit records: who did what to which money, with secrets kept out."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from sqlalchemy.orm import Session

from assistant.models import AuditRecord

log = logging.getLogger(__name__)

# Long digit runs standing alone are account or card numbers: keep the last
# four only. Digits inside an identifier (a hex request id) are left alone.
_LONG_NUMBER = re.compile(r"(?<![A-Za-z0-9])\d{5,}(?![A-Za-z0-9])")


def mask_numbers(text: str) -> str:
    """Replace every run of five or more digits by its last four, as in `****4821`."""
    return _LONG_NUMBER.sub(lambda m: "****" + m.group(0)[-4:], text)


def record(session: Session, customer_id: str | None, action: str, **detail: Any) -> None:
    """Add an audit record to the caller's transaction (it commits with it)."""
    safe = {key: mask_numbers(str(value)) for key, value in detail.items()}
    session.add(AuditRecord(customer_id=customer_id, action=action, detail=json.dumps(safe)))
    log.info("audit %s customer=%s %s", action, customer_id, safe)
