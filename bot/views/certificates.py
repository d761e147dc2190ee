"""A certificate's card, as the family and the staff see it."""

from __future__ import annotations

from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.formatting import LINE, day, escaped, moment, rub
from bot.services.family import certificates
from bot.services.money.balances import HistoryLine
from db.models import CertificateKind, LedgerEntry

CARD_EVENTS = 5  # the latest changes of state the card lists; the audit journal keeps them all


def _event_reason(details: dict[str, object]) -> str:
    """The staff member's words, or else the cause of a closing (the 18th birthday, …)."""
    return escaped(str(details.get("reason") or details.get("cause") or ""), LINE)


def money_line(i18n: I18nContext, line: HistoryLine, settings: Settings) -> str:
    """One movement of a certificate's money, in the words of the balance screen."""
    entry: LedgerEntry = line.entry
    return i18n.get(
        f"money-hist-{entry.kind.value}",
        when=moment(entry.created_at, settings.tz, i18n.locale),
        amount=rub(max(abs(entry.balance_delta), abs(entry.reserve_delta)), i18n.locale),
        program=escaped(line.program_title or "—", LINE),
        month=f"{entry.month:%m.%Y}" if entry.month else "—",
    )


def card(i18n: I18nContext, shown: certificates.Card, settings: Settings) -> str:
    certificate, period, locale = shown.certificate, shown.period, i18n.locale
    # The changes of state and the money's movements in one history, oldest first.
    dated = [
        (
            event.created_at,
            i18n.get(
                "certificates-event",
                when=moment(event.created_at, settings.tz, locale),
                action=event.action,
                has_reason="yes" if _event_reason(event.details) else "no",
                reason=_event_reason(event.details),
            ),
        )
        for event in shown.events[-CARD_EVENTS:]
    ] + [(line.entry.created_at, money_line(i18n, line, settings)) for line in shown.money]
    history = "\n".join(text for _, text in sorted(dated, key=lambda pair: pair[0]))
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
        total=rub(shown.balance.balance + shown.balance.reserved, locale),
        balance=rub(shown.balance.balance, locale),
        reserved=rub(shown.balance.reserved, locale),
        period=(f"{day(period.starts_on, locale)} – {day(period.ends_on, locale)}" if period else "—"),
        valid_until=day(certificate.valid_until, locale),
        history=history or "—",
    )
