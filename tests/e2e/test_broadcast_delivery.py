"""A staff announcement through the real application, Telegram's limits on, a crash half-way."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.services.clock import FrozenClock
from db.models import Broadcast, BroadcastStatus, Child, Municipality, User
from tests.conftest import ADMIN_ID
from tests.dates import at, d
from tests.e2e.comms_helpers import per_chat, until
from tests.e2e.fake_bot_api import FakeBotAPI

PARENTS = range(60_000, 60_060)
BLOCKED = {60_007, 60_031}
DAYTIME = at(2026, 11, 23, 9, 0)  # 12:00 in Moscow


async def _parents(session: AsyncSession, municipality: Municipality) -> None:
    for n, parent in enumerate(PARENTS):
        session.add(User(id=parent, consent_at=DAYTIME))
        await session.flush()
        session.add(
            Child(
                parent_id=parent,
                last_name="Иванов",
                first_name=f"Ребёнок{n}",
                birth_date=d(2015, 1, 1),
                municipality_id=municipality.id,
            )
        )
    await session.commit()


async def _compose(fake_api: FakeBotAPI) -> None:
    staff = fake_api.user(ADMIN_ID)
    await staff.send("📣 Рассылка")
    await staff.wait_reply("Пришлите текст")
    await staff.send("Праздник <науки> в субботу!")
    await staff.wait_reply("Кому отправить")
    await staff.press("Всем родителям муниципалитета")
    await staff.wait_reply(f"Получателей: {len(PARENTS)}")
    await staff.press("Отправить")
    await staff.wait_reply("Рассылка №1")


async def test_broadcast_survives_a_crash_half_way_without_duplicates_or_losses(
    fake_api: FakeBotAPI,
    running_app,
    e2e_settings: Settings,
    session: AsyncSession,
    municipality: Municipality,
) -> None:  # type: ignore[no-untyped-def]
    await _parents(session, municipality)
    fake_api.global_rate = 60
    fake_api.blocked_chats = set(BLOCKED)
    settings = e2e_settings.model_copy(update={"send_rate_per_second": 50.0})
    runner = await running_app(clock=FrozenClock(DAYTIME), settings=settings)
    await _compose(fake_api)
    fake_api.per_chat_rate = 1  # after the dialogue: the fake counts the bot's direct replies too
    reachable = set(PARENTS) - BLOCKED

    await until(fake_api, lambda: len(per_chat(fake_api, reachable)) >= 20)
    await runner.kill()
    assert len(per_chat(fake_api, reachable)) < len(reachable), "the crash came too late to prove anything"
    await runner.start()

    staff = fake_api.user(ADMIN_ID)
    await staff.wait_reply("Итоги рассылки №1", timeout=15)
    assert per_chat(fake_api, set(PARENTS)) == Counter({chat: 1 for chat in reachable})
    assert fake_api.sent_messages(reachable.pop())[0].text == "Праздник <науки> в субботу!"
    assert "доставлено 58 из 60, не доставлено 2" in staff.last().text
    progress = next(m for m in staff.messages() if "Рассылка №1" in m.text)
    assert "завершена" in progress.text and not progress.buttons
    unreachable = set(
        (await session.scalars(select(User.id).where(User.unreachable_since.is_not(None)))).all()
    )
    status = await session.scalar(select(Broadcast.status))
    assert unreachable == BLOCKED
    assert status is BroadcastStatus.DONE


async def test_picture_to_an_age_group_and_the_stop_button(
    fake_api: FakeBotAPI,
    running_app,
    e2e_settings: Settings,
    session: AsyncSession,
    municipality: Municipality,
) -> None:  # type: ignore[no-untyped-def]
    await _parents(session, municipality)  # all children born 2015-01-01: 11 years old
    settings = e2e_settings.model_copy(update={"send_rate_per_second": 5.0})
    await running_app(clock=FrozenClock(DAYTIME), settings=settings)
    staff = fake_api.user(ADMIN_ID)
    await staff.send("📣 Рассылка")
    await staff.wait_reply("Пришлите текст")
    await staff.send_photo(b"\x89PNG picture", caption="Афиша на субботу")
    await staff.wait_reply("Кому отправить")
    await staff.press("Родителям детей определённого возраста")
    await staff.wait_reply("Напишите возраст")
    await staff.send("12-14")
    await staff.wait_reply("Получателей с такими условиями нет")
    await staff.press("Родителям детей определённого возраста")
    await staff.wait_reply("Напишите возраст")
    await staff.send("10-11")
    preview = await staff.wait_reply("Афиша на субботу")
    assert preview.kind == "photo"
    await staff.wait_reply(f"Получателей: {len(PARENTS)}")
    await staff.press("Отправить")
    progress = await staff.wait_reply("Рассылка №1")

    await until(fake_api, lambda: len(per_chat(fake_api, set(PARENTS))) >= 3)
    await staff.press("Остановить рассылку", message=progress)
    stopped = await staff.wait_reply("остановлена")
    delivered = per_chat(fake_api, set(PARENTS))
    assert set(delivered.values()) == {1} and len(delivered) < len(PARENTS)
    assert all(m.kind == "photo" for chat in delivered for m in fake_api.sent_messages(chat))
    assert "отменено" in stopped.text and not stopped.buttons
    status = await session.scalar(select(Broadcast.status))
    assert status is BroadcastStatus.CANCELLED
