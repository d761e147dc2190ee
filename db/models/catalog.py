"""Providers, programs, groups, enrollments, the waiting list and lesson reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, TimestampMixin
from db.models.enums import (
    Direction,
    EnrollmentStatus,
    Level,
    ModerationStatus,
    ProgramFormat,
    ProviderKind,
    ProviderState,
    Register,
    WaitlistStatus,
)
from db.models.people import Child, Municipality

# Search objects the models cannot declare: the SQLite FTS5 table over the programs' stems (with
# its shadow tables and triggers) and the PostgreSQL GIN index over the same stems. Migrations
# 0003_search_index and 0007_search_relevance create them; comparing the models with a database
# leaves them out.
SEARCH_INDEX_OBJECTS = ("programs_fts", "ix_programs_search_terms")


def is_search_index_object(name: str | None) -> bool:
    return name is not None and name.startswith(SEARCH_INDEX_OBJECTS)


class Provider(TimestampMixin, Base):
    __tablename__ = "providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    inn: Mapped[str] = mapped_column(sa.String(12), unique=True)
    kind: Mapped[ProviderKind]
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    state: Mapped[ProviderState] = mapped_column(default=ProviderState.ACTIVE)

    municipality: Mapped[Municipality] = relationship(lazy="joined")


class Program(TimestampMixin, Base):
    """A supplementary general education program. Parents see it only once staff published it."""

    __tablename__ = "programs"
    __table_args__ = (
        sa.UniqueConstraint("provider_id", "external_code"),
        # The parents' catalogue reads its filters from this index alone, in title order (no sort),
        # and «Рядом со мной» its distances (migration 0008 added the last five columns).
        # The word index over `search_terms` is database-specific and lives in migration 0003 only
        # (SEARCH_INDEX_OBJECTS).
        sa.Index(
            "ix_programs_catalogue",
            "moderation",
            "title",
            "id",
            "provider_id",
            "municipality_id",
            "direction",
            "age_min",
            "age_max",
            "register",
            "format",
            "ovz_suited",
            "trial_lesson",
            "latitude",
            "longitude",
        ),
        # «Рядом со мной» looks for the nearest programs in a box around the parent first.
        sa.Index("ix_programs_location", "moderation", "latitude", "longitude"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(sa.ForeignKey("providers.id"), index=True)
    # The provider's own code for the program: imports find the program (and its groups) by it.
    external_code: Mapped[str | None] = mapped_column(sa.String(64))
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    direction: Mapped[Direction]
    level: Mapped[Level]
    age_min: Mapped[int]  # whole years, inclusive
    age_max: Mapped[int]  # whole years, inclusive
    register: Mapped[Register]
    duration_months: Mapped[int] = mapped_column(default=9)
    hours_per_week: Mapped[int] = mapped_column(default=2)
    price_kopecks: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # a month; certified programs
    normative_cost_kopecks: Mapped[int] = mapped_column(sa.BigInteger, default=0)  # a month
    max_students: Mapped[int] = mapped_column(default=0)
    needs_medical_certificate: Mapped[bool] = mapped_column(default=False)
    # What families ask before they choose: how and where it is taught, whether it suits children with
    # disabilities (ОВЗ) and what is adapted for them, a free trial lesson.
    format: Mapped[ProgramFormat] = mapped_column(
        default=ProgramFormat.IN_PERSON, server_default=ProgramFormat.IN_PERSON.value
    )
    ovz_suited: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    ovz_adaptations: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    trial_lesson: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Where the lessons are (degrees, WGS 84), set by the provider or the import (never geocoded);
    # both or neither, in range: `rules.coordinates` checks them.
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    moderation: Mapped[ModerationStatus] = mapped_column(default=ModerationStatus.PENDING, index=True)
    moderation_note: Mapped[str | None] = mapped_column(sa.Text)
    # Stemmed words for morphology-aware search, written by `search.program_terms`: the title's and
    # the description's, the title's alone and the provider's name (the columns weigh differently).
    search_terms: Mapped[str] = mapped_column(sa.Text, default="")
    title_terms: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    provider_terms: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    updated_at: Mapped[datetime]  # stamped from the injected clock on every flush that changes it

    provider: Mapped[Provider] = relationship(lazy="joined")
    groups: Mapped[list[Group]] = relationship(back_populates="program", order_by="Group.id")


class Group(TimestampMixin, Base):
    __tablename__ = "groups"
    __table_args__ = (
        sa.CheckConstraint("seats_taken >= 0 AND seats_taken <= capacity", name="seats"),
        # A program's groups, and whether one is open (with seats, on a weekday), read from the index.
        sa.Index(
            "ix_groups_catalogue",
            "program_id",
            "ends_on",
            "enrollment_open",
            "archived",
            "seats_taken",
            "capacity",
            "weekdays",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(sa.ForeignKey("programs.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    # [{"day": 0..6 (Mon..Sun), "start": "16:00", "end": "17:30"}, ...]
    schedule: Mapped[list[Any]] = mapped_column(default=list)
    weekdays: Mapped[int] = mapped_column(default=0)  # bit d set when the group meets on weekday d
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    capacity: Mapped[int]
    # Changed only by a conditional UPDATE (seats_taken < capacity), so a seat is never sold twice.
    seats_taken: Mapped[int] = mapped_column(default=0)
    teacher: Mapped[str] = mapped_column(sa.String(200), default="")
    enrollment_open: Mapped[bool] = mapped_column(default=True)
    archived: Mapped[bool] = mapped_column(default=False)

    program: Mapped[Program] = relationship(back_populates="groups", lazy="joined")

    @property
    def free_seats(self) -> int:
        return max(self.capacity - self.seats_taken, 0)


class Enrollment(TimestampMixin, Base):
    """An enrollment request and, once confirmed, the enrollment itself (the education contract)."""

    __tablename__ = "enrollments"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("children.id", ondelete="SET NULL"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id"), index=True)
    program_id: Mapped[int] = mapped_column(sa.ForeignKey("programs.id"), index=True)
    provider_id: Mapped[int] = mapped_column(sa.ForeignKey("providers.id"), index=True)
    certificate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("certificates.id"), index=True)
    status: Mapped[EnrollmentStatus] = mapped_column(default=EnrollmentStatus.PENDING, index=True)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[int | None] = mapped_column(sa.BigInteger)
    reason: Mapped[str | None] = mapped_column(sa.String(32))
    comment: Mapped[str | None] = mapped_column(sa.Text)
    deadline_at: Mapped[datetime | None]  # the provider should decide by then
    reminded_at: Mapped[datetime | None]
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    ended_at: Mapped[datetime | None]
    # The monthly split fixed at confirmation: what the certificate pays and what the family pays.
    certificate_part_kopecks: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    family_part_kopecks: Mapped[int] = mapped_column(sa.BigInteger, default=0)

    child: Mapped[Child | None] = relationship(lazy="joined")
    group: Mapped[Group] = relationship(lazy="joined")


class WaitlistEntry(TimestampMixin, Base):
    __tablename__ = "waitlist_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int | None] = mapped_column(sa.ForeignKey("children.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id"), index=True)
    status: Mapped[WaitlistStatus] = mapped_column(default=WaitlistStatus.WAITING, index=True)
    offered_at: Mapped[datetime | None]
    offer_expires_at: Mapped[datetime | None]


class LessonReport(TimestampMixin, Base):
    """The share of lessons a provider reports as given in a group in a month (0–100 %)."""

    __tablename__ = "lesson_reports"
    __table_args__ = (sa.UniqueConstraint("group_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id"))
    month: Mapped[date]
    share_percent: Mapped[int]
    reported_by: Mapped[int | None] = mapped_column(sa.BigInteger)


class SearchSynonym(TimestampMixin, Base):
    """A word parents use for what the catalogue calls otherwise, added by Support Centre staff; the
    search merges these with its built-in list (`search.SYNONYMS`), both ways."""

    __tablename__ = "search_synonyms"
    __table_args__ = (sa.UniqueConstraint("word", "synonym"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    word: Mapped[str] = mapped_column(sa.String(60))
    synonym: Mapped[str] = mapped_column(sa.String(60))
