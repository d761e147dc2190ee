"""The parent's side through the real dispatcher: a full group offers the waiting list, typed age,
«Мои заявки» with withdrawal, and the choice of child."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.keyboards.catalog import CaCb, EnCb
from bot.keyboards.provider import PvCb
from bot.services.clock import FrozenClock
from db.models import Enrollment, EnrollmentStatus, Municipality, WaitlistEntry, WaitlistStatus
from tests import factories as make
from tests.handlers.harness import STALE_BUTTON, Harness

PARENT = 5001


async def test_full_group_offers_the_waiting_list(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    w = await make.world(session, municipality, capacity=3, taken=3)
    async with Harness(settings, sessionmaker, clock) as h:
        sent = await h.press(PARENT, EnCb(action="rq", id=w.group.id).pack())
        refusal = next(s for s in sent if s.text)
        assert "нет свободных мест" in (refusal.text or "")
        sent = await h.press(PARENT, refusal.data_for("Встать в лист ожидания"))
        told = next(s.text or "" for s in sent if "место в очереди: 1" in (s.text or ""))
        assert w.child.first_name in told and w.group.name in told  # who waits, and where
        [mine] = await h.send(PARENT, "📋 Мои заявки")
        assert "лист ожидания, место в очереди: 1" in (mine.text or "")
        left = await h.press(PARENT, mine.data_for("Выйти из листа ожидания №1"))
        assert "Вы вышли из листа ожидания" in (left[0].text or "")
        assert "Заявок пока нет" in (left[0].text or "")
    async with sessionmaker() as s:
        entry = await s.scalar(select(WaitlistEntry))
    assert entry is not None and entry.status is WaitlistStatus.CANCELLED


async def test_typed_age_and_withdrawal_from_my_requests(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    w = await make.world(session, municipality)
    second = await make.child(session, PARENT, municipality)
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as h:
        await h.send(PARENT, "🔎 Найти кружок")
        ask = await h.press(PARENT, CaCb(act="ask", name="age").pack())
        assert ask[0].data_for(w.child.first_name) and ask[0].data_for(second.first_name)
        [bad] = await h.send(PARENT, "40")
        assert "от 5 до 18" in (bad.text or "")
        [panel] = await h.send(PARENT, "14")
        assert "Возраст: 14" in " ".join(t for t, _ in panel.buttons)
        assert "<b>0</b>" in (panel.text or "")  # the program is for 7–12
        sent = await h.press(PARENT, EnCb(action="rq", id=w.group.id).pack())
        which = next(s for s in sent if s.text)
        assert "Для кого" in (which.text or "")
        confirm = next(s for s in await h.press(PARENT, which.data_for(second.first_name)) if s.text)
        assert "Подать заявку?" in (confirm.text or "") and second.first_name in (confirm.text or "")
        await h.press(PARENT, confirm.data_for("Да, подать"))
        [mine] = await h.send(PARENT, "📋 Мои заявки")
        assert "ждёт решения" in (mine.text or "")
        done = await h.press(PARENT, mine.data_for("Отозвать заявку №1"))
        assert "Заявка отозвана" in (done[0].text or "")
    async with sessionmaker() as s:
        e = await s.scalar(select(Enrollment))
    assert e is not None and e.status is EnrollmentStatus.WITHDRAWN and e.child_id == second.id


async def test_forged_catalogue_buttons_are_harmless(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    w = await make.world(session, municipality)
    async with Harness(settings, sessionmaker, clock) as h:
        await h.send(PARENT, "🔎 Найти кружок")
        for data in ("ca:reset:nonsense::0:0", "ca:set:age:abc:0:0", "ca:set:age::99:0", "ca:page:::-1:0"):
            sent = await h.press(PARENT, data)
            assert h.alerts(sent) == [STALE_BUTTON], data
        gone = await h.press(PARENT, CaCb(act="card", id=999).pack())
        assert "больше не принимает заявки" in h.alerts(gone)[0]
        stranger = await h.press(PARENT, CaCb(act="child", id=999).pack())
        assert h.alerts(stranger) == ["Это действие вам недоступно."]
        await h.press(PARENT, EnCb(action="rf", id=w.group.id).pack())
        # A stranger's forged buttons for the family's request: the reason chooser, and the
        # withdrawal that would change the request if the bot took it.
        for action in ("end", "wr"):
            forged = await h.press(5999, EnCb(action=action, id=1).pack())
            assert h.alerts(forged) == ["Это действие вам недоступно."], action
    async with sessionmaker() as s:
        e = await s.scalar(select(Enrollment))
    assert e is not None and e.status is EnrollmentStatus.PENDING, "a stranger ends nobody's request"


async def test_ending_studies_and_expelling_can_be_cancelled_and_say_only_what_applies(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    w = await make.world(session, municipality)  # a free club: no reserve on the certificate
    e = await make.enrolled(session, w, clock)
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as h:
        ask = await h.press(PARENT, EnCb(action="end", id=e.id).pack())
        screen = next(s for s in ask if s.text)
        assert "Место в группе освободится" in (screen.text or "") and "резерв" not in (screen.text or "")
        back = await h.press(PARENT, screen.data_for("Отмена"))
        assert "Ваши заявки" in next(s.text or "" for s in back if s.text)
        expel = await h.press(w.provider_user, PvCb(action="ex", id=e.id).pack())
        screen = next(s for s in expel if s.text)
        assert screen.data_for("Отмена") == PvCb(action="st", id=w.group.id).pack()
        students = await h.press(w.provider_user, screen.data_for("Отмена"))
        assert "Ученики" in next(s.text or "" for s in students if s.text)
    async with sessionmaker() as s:
        status = await s.scalar(select(Enrollment.status).where(Enrollment.id == e.id))
    assert status is EnrollmentStatus.ACTIVE  # neither cancel ended anything
