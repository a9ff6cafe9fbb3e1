"""Audit records: who did what to which money, with secrets kept out."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.bank.models import AuditRecord

# What changed a customer's money or access, as "what have you done?" reads it back.
CHANGES = (
    "card_frozen",
    "card_lost",
    "card_active",
    "payment_cancelled",
    "payments_paused",
    "fraud_case_opened",
    "fraud_case_added_to",
    "callback_requested",
    "trusted_contact_told",
    "trusted_contact_asked",
    "payment_code_issued",
    "payment_executed",
)

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


def changes_since(
    session: Session, customer_id: str, since: dt.datetime
) -> list[tuple[str, dict[str, str]]]:
    """The changes recorded for this customer from `since` on, oldest first."""
    rows = session.execute(
        select(AuditRecord.action, AuditRecord.detail)
        .where(
            AuditRecord.customer_id == customer_id,
            AuditRecord.at >= since,
            AuditRecord.action.in_(CHANGES),
        )
        .order_by(AuditRecord.id)
    )
    return [(action, json.loads(detail or "{}")) for action, detail in rows]
