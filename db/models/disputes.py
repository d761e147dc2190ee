"""Disputes of a month's write-off («Ребёнок не занимался в этом месяце»)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, TimestampMixin
from db.models.catalog import Enrollment
from db.models.enums import DisputeSide, DisputeState


class Dispute(TimestampMixin, Base):
    """The family says the child did not study in `month`, which was written off. One per enrollment and
    month: a settled dispute is not opened again. Who moved it and when is kept here and in the audit log;
    the money goes back as a ledger entry (LedgerKind.REFUND), never by editing the write-off."""

    __tablename__ = "disputes"
    __table_args__ = (sa.UniqueConstraint("enrollment_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(sa.ForeignKey("enrollments.id"), index=True)
    month: Mapped[date]  # the first day of the month written off
    state: Mapped[DisputeState] = mapped_column(default=DisputeState.OPEN, index=True)
    share_percent: Mapped[int | None]  # of the lessons the provider confirms the child attended
    settled_for: Mapped[DisputeSide | None]
    refund_kopecks: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    opened_by: Mapped[int] = mapped_column(sa.BigInteger)
    answered_by: Mapped[int | None] = mapped_column(sa.BigInteger)
    answered_at: Mapped[datetime | None]
    settled_by: Mapped[int | None] = mapped_column(sa.BigInteger)
    settled_at: Mapped[datetime | None]

    enrollment: Mapped[Enrollment] = relationship(lazy="joined")
