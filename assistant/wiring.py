"""The one place that wires the services: `build_services(settings)`.

The actions (actions/services.py), the web app (web/__init__.py) and the
`assistant` command all build the bank's services here, from the one settings
root (`assistant.app_settings.AppSettings`), so that a new service or a new
collaborator is added once. Nothing is built at import time.

This module sits above the ground (`assistant.*`) and the features (`lessons`,
`voice`): it is the only module of the `assistant` package besides the
channels and the CLI that may import them (tests/test_layers.py checks it).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import MetaData

from assistant.app_settings import AppSettings
from assistant.bank.auth import Auth
from assistant.bank.cards import CardService
from assistant.bank.codes import PaymentCodes
from assistant.bank.db import Database
from assistant.bank.directory import Directory
from assistant.bank.ledger import Ledger
from assistant.bank.mail import email_sender
from assistant.bank.models import Base, Customer
from assistant.bank.payees import PayeeBook
from assistant.bank.payments import PaymentService
from assistant.bank.protection import FirstHour
from assistant.bank.staff import StaffAuth
from assistant.bank.support import SupportService
from assistant.bank.trusted_contacts import TrustedContacts
from assistant.channels.matrix.links import LinkCodes
from assistant.channels.rasa_gateway import RasaGateway
from assistant.nlu_feedback import NluFeedbackStore
from assistant.settings import BankSettings
from lessons.campaigns.store import CampaignStore
from lessons.rehearsals.store import RehearsalStore
from lessons.risk import RiskRules
from lessons.store import LessonStore
from lessons.tutor import Tutor
from voice.profiles import VoiceProfiles
from voice.settings import VoiceSettings


@dataclass
class Services:
    """Every service, on one database, built by `build_services` and nowhere else.

    `settings` is the bank's part of the settings (what the actions read: the home
    currency, the limits); `voice` the voice part.
    """

    settings: BankSettings
    db: Database
    auth: Auth
    staff_auth: StaffAuth
    ledger: Ledger
    payments: PaymentService
    payees: PayeeBook
    cards: CardService
    support: SupportService
    contacts: TrustedContacts
    first_hour: FirstHour
    directory: Directory
    codes: PaymentCodes
    lessons: LessonStore
    rehearsals: RehearsalStore
    campaigns: CampaignStore
    tutor: Tutor
    nlu_feedback: NluFeedbackStore
    voice_profiles: VoiceProfiles
    voice: VoiceSettings
    gateway: RasaGateway
    link_codes: LinkCodes

    def customer_name(self, customer_id: str) -> str:
        with self.db.session() as session:
            customer = session.get(Customer, customer_id)
            return customer.preferred_name if customer else ""


def build_services(settings: AppSettings, db: Database | None = None) -> Services:
    """Build every service from `settings`, on `db` or on a new connection to the database."""
    db = db or Database(settings.bank.database_url)
    lessons = LessonStore(db, settings.lessons)
    support = SupportService(db)
    cards = CardService(db)
    runtime = settings.runtime
    return Services(
        settings=settings.bank,
        db=db,
        auth=Auth(db, settings.bank),
        staff_auth=StaffAuth(db, settings.bank),
        ledger=Ledger(db),
        payments=PaymentService(
            db,
            settings.bank,
            screen=RiskRules.load(settings.lessons.risk_rules, settings.bank.new_payee_hours),
        ),
        payees=PayeeBook(db),
        cards=cards,
        support=support,
        contacts=TrustedContacts(
            db,
            settings.bank,
            sender=email_sender(settings.mail),
            public_url=settings.mail.public_url,
            support=support,
        ),  # fmt: skip
        first_hour=FirstHour(db, settings.bank, cards, support),
        directory=Directory(db),
        codes=PaymentCodes(db, settings.bank),
        lessons=lessons,
        rehearsals=RehearsalStore(db, settings.lessons),
        campaigns=CampaignStore(db),
        tutor=Tutor(db, lessons),
        nlu_feedback=NluFeedbackStore(db),
        voice_profiles=VoiceProfiles(db),
        voice=settings.voice,
        gateway=RasaGateway(
            runtime.rasa_urls, runtime.gateway_secret, settings.web.rasa_timeout_seconds
        ),
        link_codes=LinkCodes(db),
    )


def schema() -> MetaData:
    """Every table the migrations manage: the ground's, and those of lessons, rehearsals,
    campaigns, voice and Matrix."""
    import assistant.channels.matrix.models  # noqa: F401  (registers the Matrix tables on Base)
    import lessons.campaigns.models  # noqa: F401  (the campaigns and their reach)
    import lessons.models  # noqa: F401  (the lesson tables)
    import lessons.rehearsals.models  # noqa: F401  (the rehearsal tables)
    import voice.profiles  # noqa: F401  (the voice profiles)

    return Base.metadata
