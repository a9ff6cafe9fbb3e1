"""Each customer's speaking profile, changed by voice and kept between visits.

"Slower", "faster", "louder" and "softer" move the rate in steps of 20 words a
minute (100 to 220) and the volume in steps of 15 points (40% to 100%). A
conversation with no customer keeps its changes in slots only.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String

from assistant.bank.db import Database
from assistant.bank.models import Base, utcnow
from voice.tts import SpeechProfile

RATE_STEP, RATE_MIN, RATE_MAX = 20, 100, 220
VOLUME_STEP, VOLUME_MIN, VOLUME_MAX = 15, 40, 100  # percent
CHANGES = {
    "speak_slower": ("rate", -RATE_STEP, "I will speak more slowly."),
    "speak_faster": ("rate", RATE_STEP, "I will speak a little faster."),
    "speak_louder": ("volume", VOLUME_STEP, "I will speak louder."),
    "speak_softer": ("volume", -VOLUME_STEP, "I will speak more softly."),
}


class VoiceProfileRow(Base):
    __tablename__ = "voice_profiles"

    customer_id = Column(String(64), ForeignKey("customers.id"), primary_key=True)
    rate_wpm = Column(Integer, nullable=False)
    volume_pct = Column(Integer, nullable=False)
    pitch = Column(Integer, nullable=False)
    updated_at = Column(DateTime, nullable=False, default=utcnow)


def adjusted(profile: SpeechProfile, intent: str) -> tuple[SpeechProfile, str]:
    """The profile after "slower", "faster", "louder" or "softer", and what to say."""
    what, step, said = CHANGES[intent]
    if what == "rate":
        rate = min(max(profile.rate_wpm + step, RATE_MIN), RATE_MAX)
        return SpeechProfile(rate, profile.volume, profile.pitch), said
    volume = min(max(round(profile.volume * 100) + step, VOLUME_MIN), VOLUME_MAX)
    return SpeechProfile(profile.rate_wpm, volume / 100, profile.pitch), said


class VoiceProfiles:
    def __init__(self, db: Database, default: SpeechProfile | None = None) -> None:
        self._db = db
        self.default = default or SpeechProfile()

    def get(self, customer_id: str | None) -> SpeechProfile:
        if customer_id is None:
            return self.default
        with self._db.session() as session:
            row = session.get(VoiceProfileRow, customer_id)
            if row is None:
                return self.default
            return SpeechProfile(row.rate_wpm, row.volume_pct / 100, row.pitch)

    def save(self, customer_id: str, profile: SpeechProfile) -> None:
        with self._db.session() as session:
            row = session.get(VoiceProfileRow, customer_id)
            if row is None:
                row = VoiceProfileRow(customer_id=customer_id)
                session.add(row)
            row.rate_wpm = profile.rate_wpm
            row.volume_pct = round(profile.volume * 100)
            row.pitch = profile.pitch
            row.updated_at = utcnow()
