"""All tables; importing this module registers them on Base.metadata."""

from db.base import Base
from db.models.catalog import Enrollment, Group, LessonReport, Program, Provider, SearchSynonym, WaitlistEntry
from db.models.certificates import Certificate, CertificateApplication, CertificateEvent, LedgerEntry
from db.models.comms import AuditRecord, Broadcast, Event, EventReminder, FsmRecord, JobRun, OutboxMessage
from db.models.disputes import Dispute
from db.models.enums import *  # noqa: F403
from db.models.people import Child, Invite, Municipality, Period, ProviderMembership, StaffMembership, User

__all__ = [
    "AuditRecord",
    "Base",
    "Broadcast",
    "Certificate",
    "CertificateApplication",
    "CertificateEvent",
    "Child",
    "Dispute",
    "Enrollment",
    "Event",
    "EventReminder",
    "FsmRecord",
    "Group",
    "Invite",
    "JobRun",
    "LedgerEntry",
    "LessonReport",
    "Municipality",
    "OutboxMessage",
    "Period",
    "Program",
    "Provider",
    "ProviderMembership",
    "SearchSynonym",
    "StaffMembership",
    "User",
    "WaitlistEntry",
]
