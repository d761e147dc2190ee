"""Every button's callback data, in one place: each factory's prefix (short, so that buttons already in
chats keep working) and the fields it carries. Field types come from bot/keyboards/base.py: data outside
them fails to unpack, and the catch-all says the button is old.

Prefixes in use (each once):
ada, adi, adm, adp, adr, bc, bcs, ca, cb, cc, ce, ch, cl, cr, cs, dsp, en, ev, evf, evi, evs, mf, mo, pv,
st, sy, wk."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from aiogram.filters.callback_data import CallbackData
from pydantic import model_validator

from bot.i18n import LOCALES
from bot.keyboards.base import NONE, PAGES, Id, one_of
from bot.services.accounts.audit import AUDITED_TYPES
from bot.services.catalogue.catalog import FUNDING
from bot.services.comms.broadcasts import AUDIENCE_KINDS
from bot.services.comms.events import EDITABLE
from bot.services.family.certificates import PERIOD_LIMITS, REJECT_REASONS
from bot.services.family.children import FIELDS
from db.models import (
    CertificateKind,
    Direction,
    ProgramFormat,
    ProviderKind,
    Register,
    Role,
)

PvAction = Literal[
    "rq", "ok", "no", "nr", "ns", "pl", "pg", "pn", "pe", "pa", "gn", "go", "gc", "ga", "st", "ex", "xr",
    "fe", "fk", "fs",
]  # fmt: skip
EXPORTS = ("certificates", "enrollments", "writeoffs", "events", "yearly")
ProvAction = Literal["muni", "open", "add", "kind", "invite", "suspend", "resume"]
ChildAction = Literal[
    "list", "add", "card", "edit", "field", "del", "delok", "skip", "mun", "save", "fix", "fixf", "back",
    "cancel", "int", "intd", "next",
]  # fmt: skip
AGES = range(5, 19)
# in the panel's order: the filters with choices, then those switched on and off
FILTERS = ("direction", "age", "municipality_id", "funding", "weekday", "format", "text")
TOGGLES = ("free_seats", "ovz", "trial")
WEEKDAYS = range(7)  # 0 = Monday
EnAction = Literal["rq", "rf", "rx", "wl", "wa", "wx", "wq", "wr", "end", "er", "ls"]
StaffAction = Literal[
    "list", "app", "ok", "rej", "why", "nocom", "suspend", "resume", "close", "mun", "per", "invs", "invp",
    "invpp",
]  # fmt: skip


# ---- broadcasts ----


class BroadcastFormCb(CallbackData, prefix="bc"):
    action: Literal["mun", "aud", "dir", "send", "drop"]
    value: Annotated[str, one_of(NONE, AUDIENCE_KINDS, Direction)] = ""  # aud: the audience; dir
    municipality_id: Id = 0  # mun


class BroadcastStopCb(CallbackData, prefix="bcs"):
    broadcast_id: Id


# ---- catalog ----


class CaCb(CallbackData, prefix="ca"):
    act: Literal["panel", "ask", "set", "flag", "near", "reset", "page", "card", "child", "drop"]
    # the filter, for ask / set / reset / drop (one read from the typed words); flag: one of TOGGLES;
    # reset "near": forget the shared location
    name: Annotated[str, one_of(NONE, FILTERS, TOGGLES, ("all", "near"))] = ""
    # set: a direction, a funding or a format
    val: Annotated[str, one_of(NONE, Direction, FUNDING, ProgramFormat)] = ""
    # set: an age, a municipality or a weekday; page: the page; card: the program; child: the child
    id: Id = 0
    # child: the program whose card asked for another child (0: the search's age); card: the page of groups
    arg: Id = 0

    @model_validator(mode="after")
    def _settable(self) -> Self:
        if self.act == "set":
            self.filter_value()
        if self.act == "flag" and self.name not in TOGGLES:
            raise ValueError(f"{self.name} is not switched on and off")
        return self

    def filter_value(self) -> Direction | ProgramFormat | str | int:
        """What `set` gives the filter `name`; a value the filter cannot take is a forged button."""
        if self.name == "direction" and self.val in set(Direction):
            return Direction(self.val)
        if self.name == "format" and self.val in set(ProgramFormat):
            return ProgramFormat(self.val)
        if self.name == "funding" and self.val in FUNDING:
            return self.val
        if (self.name == "age" and self.id in AGES) or (self.name == "weekday" and self.id in WEEKDAYS):
            return self.id
        if self.name == "municipality_id" and self.id:
            return self.id
        raise ValueError(f"{self.name} cannot be set to {self.val or self.id}")


class SynCb(CallbackData, prefix="sy"):
    """Staff's search synonyms: a page of the list, or delete one (id) and show that page again."""

    action: Literal["list", "del"]
    id: Id = 0
    page: Id = 0


class EnCb(CallbackData, prefix="en"):
    # rq request (asks first) | rf file it | rx do not | wl waiting list | wa/wx accept/decline offer
    # | wq leave the list | wr withdraw | end | er end reason | ls «Мои заявки» (id: the page)
    action: EnAction
    id: Id
    arg: Id = 0


# ---- certificates ----


class CertCb(CallbackData, prefix="ce"):
    # apply (id: child) | kind (id: child, value: kind): asks | file (same): files
    # | keep (id: child): files nothing | card (id: certificate)
    action: Literal["apply", "kind", "file", "keep", "card"]
    id: Id = 0
    value: CertificateKind | Literal[""] = ""


class StaffCb(CallbackData, prefix="st"):
    # list (id: page) | app | ok (value: kind) | rej | why (value: reason) | nocom (value: reason) | suspend
    # | resume | close | mun | per (id: period, value: field) | invs (id: municipality)
    # | invp (id: municipality, value: page) | invpp (id: provider)
    action: StaffAction
    id: Id = 0
    value: Annotated[str, one_of(NONE, CertificateKind, REJECT_REASONS, PERIOD_LIMITS, PAGES)] = ""


# ---- children ----


class ChildCb(CallbackData, prefix="ch"):
    # list (id: the page) | add | card | edit | field (value: field to change) | del | delok
    # | skip | mun (id: municipality) | save | fix | fixf (value: field) | back | cancel
    # | int: the child's interests | intd (value: a direction to switch) | next: «Что дальше»
    action: ChildAction
    id: Id = 0
    value: Annotated[str, one_of(NONE, FIELDS, Direction)] = ""


# ---- common ----


class ConsentCb(CallbackData, prefix="cc"):
    action: Literal["show", "accept", "decline", "withdraw", "withdraw_confirm"]


class LangCb(CallbackData, prefix="cl"):
    locale: Annotated[str, one_of(LOCALES)]


class RoleCb(CallbackData, prefix="cr"):
    role: Role


class SettingsCb(CallbackData, prefix="cs"):
    action: Literal["lang", "role", "interests", "back"]


class BrowseCb(CallbackData, prefix="cb"):
    pass


# ---- desk ----


class ModCb(CallbackData, prefix="adm"):
    # publish_ok, return_ok: the summary's confirm; cancel: any question of either form
    action: Literal[
        "queue", "open", "publish", "register", "keep_max", "return", "publish_ok", "return_ok", "cancel"
    ]
    program_id: Id  # queue: the page
    reg: Register | Literal[""] = ""


class ProvCb(CallbackData, prefix="adp"):
    # muni, add: municipality_id (muni: provider_id is the page); kind: kind; the others: provider_id
    action: ProvAction
    provider_id: Id = 0
    kind: ProviderKind | Literal[""] = ""
    municipality_id: Id = 0


class ImpCb(CallbackData, prefix="adi"):
    action: Literal["start", "template", "confirm", "publish", "cancel"]


class RepCb(CallbackData, prefix="adr"):
    action: Literal["coverage", "figures", "export", "audit"]
    what: Annotated[str, one_of(NONE, EXPORTS)] = ""


class AuditCb(CallbackData, prefix="ada"):
    object_type: Annotated[str, one_of(AUDITED_TYPES)]
    object_id: Id


# ---- disputes ----


class DisputeCb(CallbackData, prefix="dsp"):
    # ask, open: the parent (id: the enrollment, month: yyyymm); agree, confirm: the provider; family,
    # provider: staff settle (id: the dispute); to_answer, to_settle: the provider's and the staff's
    # lists of the disputes waiting for them (id: the page). Queued buttons are intents
    # (outbox.Open.DISPUTE_*).
    action: Literal["ask", "open", "agree", "confirm", "family", "provider", "to_answer", "to_settle"]
    id: Id = 0
    month: Id = 0


# ---- events ----


class EventCb(CallbackData, prefix="ev"):
    """Parents: a page of the list, or a reminder for the event shown on it."""

    action: Literal["page", "remind"]
    page: Id = 0
    event_id: Id = 0


class InterestCb(CallbackData, prefix="evi"):
    direction: Direction


class StaffEventCb(CallbackData, prefix="evs"):
    action: Literal["list", "new", "open", "edit", "field", "cancel", "cancel_yes"]
    event_id: Id = 0  # list: the page
    value: Annotated[str, one_of(NONE, EDITABLE)] = ""  # field: the field to change


class EventFormCb(CallbackData, prefix="evf"):
    """Buttons of the staff form for a new event or a changed field."""

    action: Literal["ages_any", "dir", "no_deadline", "mun", "publish", "drop"]
    value: Annotated[str, one_of(NONE, Direction, ("any",))] = ""  # dir: a direction or any
    municipality_id: Id = 0  # mun


# ---- money ----


class MoneyCb(CallbackData, prefix="mo"):
    # view (as a new message) | back (in place) | hist | kind | kindok | link | lessons | lpage (a page of
    # the groups) | group
    action: Literal["view", "back", "hist", "kind", "kindok", "link", "lessons", "lpage", "group"]
    id: Id = 0  # the certificate (the group for "group")
    page: Id = 0
    # kindok: the status confirmed, so a repeated tap cannot flip it back
    to: CertificateKind | Literal[""] = ""


class FitCb(CallbackData, prefix="mf"):
    # list (page) | pick (a: the first program to compare) | cmp (a, b: the two programs)
    action: Literal["list", "pick", "cmp"]
    id: Id  # the certificate
    page: Id = 0
    a: Id = 0
    b: Id = 0


# ---- provider ----


class PvCb(CallbackData, prefix="pv"):
    # rq requests (arg: page) | ok confirm | no reject (reasons) | nr reason chosen | ns reject without
    # comment | pl programs (arg: page) | pg program (arg: page of groups) | pn new program | pe edit |
    # pa archive | gn new group | go/gc open/close, ga archive group (arg: the page to show again) |
    # st students (arg: page) | ex end (reasons) | xr end with reason | fe form choice | fk keep value
    # | fs submit
    action: PvAction
    id: Id
    arg: Id = 0


# ---- timetable ----


class WeekCb(CallbackData, prefix="wk"):
    # show (id: child) | rem (id: child): switch the lesson reminders
    action: Literal["show", "rem"]
    id: Id = 0
