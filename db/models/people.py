"""Telegram accounts, roles, invites, municipalities and their periods, children."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, TimestampMixin
from db.models.enums import Role


class User(TimestampMixin, Base):
    """A Telegram account. No names or phone numbers are kept: the bot does not need them."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    locale: Mapped[str] = mapped_column(sa.String(8), default="ru")
    active_role: Mapped[Role] = mapped_column(default=Role.PARENT)
    consent_at: Mapped[datetime | None]
    consent_withdrawn_at: Mapped[datetime | None]
    interests: Mapped[list[Any]] = mapped_column(default=list)  # directions the parent follows
    unreachable_since: Mapped[datetime | None]  # set on 403 from Telegram, cleared when he writes again
    last_seen_at: Mapped[datetime]

    @property
    def has_consent(self) -> bool:
        return self.consent_at is not None


class Municipality(TimestampMixin, Base):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_ru: Mapped[str] = mapped_column(sa.String(200), unique=True)
    name_en: Mapped[str] = mapped_column(sa.String(200))
    # Where the family shows documents for a certificate application.
    office_ru: Mapped[str] = mapped_column(sa.Text, default="")
    office_en: Mapped[str] = mapped_column(sa.Text, default="")
    budget_program_limit: Mapped[int] = mapped_column(default=2)
    decision_deadline_days: Mapped[int] = mapped_column(default=5)  # working days for providers
    low_balance_threshold_kopecks: Mapped[int] = mapped_column(sa.BigInteger, default=100_000)

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_ru

    def office(self, locale: str) -> str:
        return self.office_en if locale == "en" else self.office_ru


class Period(TimestampMixin, Base):
    """A municipality's certificate period (default the school year): nominal, quota, population."""

    __tablename__ = "periods"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "starts_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id", ondelete="CASCADE"))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    nominal_kopecks: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    financing_quota: Mapped[int] = mapped_column(default=0)
    child_population: Mapped[int] = mapped_column(default=0)  # children aged 5–18 living there

    municipality: Mapped[Municipality] = relationship(lazy="joined")


class StaffMembership(TimestampMixin, Base):
    __tablename__ = "staff_memberships"
    __table_args__ = (sa.UniqueConstraint("user_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id", ondelete="CASCADE"))


class ProviderMembership(TimestampMixin, Base):
    __tablename__ = "provider_memberships"
    __table_args__ = (sa.UniqueConstraint("user_id", "provider_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    provider_id: Mapped[int] = mapped_column(sa.ForeignKey("providers.id", ondelete="CASCADE"))


class Invite(TimestampMixin, Base):
    """A one-time deep-link code that gives an account a role bound to a provider or a municipality."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    role: Mapped[Role]
    provider_id: Mapped[int | None] = mapped_column(sa.ForeignKey("providers.id", ondelete="CASCADE"))
    municipality_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE")
    )
    created_by: Mapped[int | None] = mapped_column(sa.BigInteger)
    expires_at: Mapped[datetime]
    used_by: Mapped[int | None] = mapped_column(sa.BigInteger)
    used_at: Mapped[datetime | None]


class Child(TimestampMixin, Base):
    """A child registered by a parent. Personal data: never logged, deleted on withdrawal of consent."""

    __tablename__ = "children"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    last_name: Mapped[str] = mapped_column(sa.String(100))
    first_name: Mapped[str] = mapped_column(sa.String(100))
    patronymic: Mapped[str | None] = mapped_column(sa.String(100))
    birth_date: Mapped[date]
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"))
    snils: Mapped[str | None] = mapped_column(sa.String(11))
    # A child aged 14+ may link his own Telegram account (to choose the certificate status himself).
    own_user_id: Mapped[int | None] = mapped_column(sa.BigInteger, index=True)
    link_code: Mapped[str | None] = mapped_column(sa.String(32), unique=True)
    link_code_expires_at: Mapped[datetime | None]
    # The parent asked for a reminder before each of the child's lessons (the lesson-reminders job).
    lesson_reminders: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Directions this child likes (bot/services/family/interests.py): events and the next steps follow them.
    interests: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")

    municipality: Mapped[Municipality] = relationship(lazy="joined")

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)
