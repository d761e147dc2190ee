"""Domain vocabularies (see the glossary in DOMAIN.md). Stored as their string values."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    PARENT = "parent"
    PROVIDER = "provider"
    STAFF = "staff"


class CertificateKind(enum.StrEnum):
    """The certificate's status in the Concept's words: financing (ПФ) or accounting (учёта)."""

    FINANCING = "financing"
    ACCOUNTING = "accounting"


class CertificateState(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class ApplicationStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class ProviderKind(enum.StrEnum):
    MUNICIPAL = "municipal"
    STATE = "state"
    NONSTATE = "nonstate"
    INDIVIDUAL = "individual"  # индивидуальный предприниматель


class ProviderState(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


class Direction(enum.StrEnum):
    TECHNICAL = "technical"
    SCIENCE = "science"
    ARTS = "arts"
    SOCIAL = "social"
    TOURISM = "tourism"
    SPORT = "sport"


class Level(enum.StrEnum):
    INTRODUCTORY = "introductory"
    BASIC = "basic"
    ADVANCED = "advanced"


class Register(enum.StrEnum):
    CERTIFIED = "certified"
    SIGNIFICANT = "significant"
    GENERAL = "general"
    PREPROFESSIONAL = "preprofessional"

    @property
    def is_paid(self) -> bool:
        """Certified programs are paid from the financing certificate; the rest are budget-funded."""
        return self is Register.CERTIFIED


class ProgramFormat(enum.StrEnum):
    """How and where a program is taught, as one choice (a family asks one question: «где и как?»):
    in person on the provider's premises, in person at the child's school, online, or mixed (partly
    online, partly in person)."""

    IN_PERSON = "in_person"
    AT_SCHOOL = "at_school"
    ONLINE = "online"
    MIXED = "mixed"


class ModerationStatus(enum.StrEnum):
    DRAFT = "draft"
    PENDING = "pending"
    PUBLISHED = "published"
    RETURNED = "returned"
    ARCHIVED = "archived"


class EnrollmentStatus(enum.StrEnum):
    PENDING = "pending"  # the request waits for the provider
    ACTIVE = "active"  # confirmed: the child studies, a seat is taken
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # the parent took the request back
    EXPIRED = "expired"  # nobody decided in time
    ENDED = "ended"  # an active enrollment ended (expulsion or the family's choice)


class WaitlistStatus(enum.StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class LedgerKind(enum.StrEnum):
    CREDIT = "credit"  # the period's nominal credited
    RESERVE = "reserve"  # balance -> reserve on confirmation of a paid enrollment
    WRITEOFF = "writeoff"  # reserve -> paid to the provider, monthly
    RELEASE = "release"  # reserve -> balance when an enrollment ends early
    EXPIRE = "expire"  # unused balance expires at the period's end
    REFUND = "refund"  # a disputed write-off reversed: back to the balance, off the provider's statement


class DisputeState(enum.StrEnum):
    """«Ребёнок не занимался»: the family opens, the provider answers, staff settle a confirmation."""

    OPEN = "open"  # waits for the provider
    PROVIDER_AGREED = "provider_agreed"  # the provider agreed: the money went back (final)
    PROVIDER_CONFIRMED = "provider_confirmed"  # the provider confirmed a share of lessons: staff decide
    STAFF_SETTLED = "staff_settled"  # final; `settled_for` says whose favour


class DisputeSide(enum.StrEnum):
    FAMILY = "family"
    PROVIDER = "provider"


class EventState(enum.StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"  # the recipient is unreachable (blocked the bot)
    CANCELLED = "cancelled"


class BroadcastStatus(enum.StrEnum):
    DRAFT = "draft"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"
