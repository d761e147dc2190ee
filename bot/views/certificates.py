"""A certificate's card, as the family and the staff see it."""

from __future__ import annotations

from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.formatting import LINE, day, escaped, moment, rub
from bot.services.family import certificates
from db.models import CertificateKind

CARD_EVENTS = 5  # the latest changes of state the card lists; the audit journal keeps them all


def _event_reason(details: dict[str, object]) -> str:
    """The staff member's words, or else the cause of a closing (the 18th birthday, …)."""
    return escaped(str(details.get("reason") or details.get("cause") or ""), LINE)


def card(i18n: I18nContext, shown: certificates.Card, settings: Settings) -> str:
    certificate, period, locale = shown.certificate, shown.period, i18n.locale
    history = "\n".join(
        i18n.get(
            "certificates-event",
            when=moment(event.created_at, settings.tz, locale),
            action=event.action,
            has_reason="yes" if _event_reason(event.details) else "no",
            reason=_event_reason(event.details),
        )
        for event in shown.events[-CARD_EVENTS:]
    )
    return i18n.get(
        "certificates-card",
        number=certificate.number,
        child=escaped(certificate.child.full_name, LINE * 3) if certificate.child else "—",
        kind=certificate.kind.value,
        state=certificate.state.value,
        reason=escaped(certificate.state_reason or "", LINE * 3),
        # An accounting certificate holds no money, so a nominal would only mislead.
        nominal=rub(period.nominal_kopecks, locale)
        if period and certificate.kind is CertificateKind.FINANCING
        else "—",
        balance=rub(shown.balance.balance, locale),
        reserved=rub(shown.balance.reserved, locale),
        period=(f"{day(period.starts_on, locale)} – {day(period.ends_on, locale)}" if period else "—"),
        valid_until=day(certificate.valid_until, locale),
        history=history or "—",
    )
