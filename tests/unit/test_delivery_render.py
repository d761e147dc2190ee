"""The renderer turns a queued message into what Telegram shows: raw arguments escaped for HTML and
localised, button intents packed by their keyboards' factories. Rows queued before intents (escaped
arguments, packed callback data) still go out exactly as they were queued."""

from __future__ import annotations

from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.delivery.render import INTENTS, render
from bot.delivery.sender import Sender
from bot.keyboards.catalog import EnCb
from bot.keyboards.certificates import CertCb, StaffCb
from bot.keyboards.children import ChildCb
from bot.keyboards.disputes import DisputeCb
from bot.keyboards.money import MoneyCb
from bot.keyboards.provider import PvCb
from bot.services import outbox
from bot.services.clock import FrozenClock
from bot.services.outbox import Open
from db.models import OutboxMessage, OutboxStatus, User
from tests.handlers.harness import mocked_bot

RETURNED = (
    "Программа «Роботы &lt;и&gt; код» возвращена на доработку.\n"
    "Комментарий опорного центра: Добавьте расписание &lt;групп&gt; &amp; адрес"
)


def test_each_intent_packs_the_data_its_handler_answers() -> None:
    assert set(INTENTS) == set(Open)
    # The same data the services packed by hand before intents, so old and new buttons both work.
    packed = {to: INTENTS[to](5, 202610).pack() for to in Open}
    assert packed == {
        Open.CERTIFICATE: CertCb(action="card", id=5).pack(),
        Open.MONEY: MoneyCb(action="view", id=5).pack(),
        Open.LESSONS: MoneyCb(action="lessons").pack(),
        Open.APPLICATION: StaffCb(action="app", id=5).pack(),
        Open.CONFIRM_REQUEST: PvCb(action="ok", id=5).pack(),
        Open.REJECT_REQUEST: PvCb(action="no", id=5).pack(),
        Open.ACCEPT_OFFER: EnCb(action="wa", id=5).pack(),
        Open.DECLINE_OFFER: EnCb(action="wx", id=5).pack(),
        Open.DISPUTE_ASK: DisputeCb(action="ask", id=5, month=202610).pack(),
        Open.DISPUTE_AGREE: DisputeCb(action="agree", id=5).pack(),
        Open.DISPUTE_CONFIRM: DisputeCb(action="confirm", id=5).pack(),
        Open.DISPUTE_FOR_FAMILY: DisputeCb(action="family", id=5).pack(),
        Open.DISPUTE_FOR_PROVIDER: DisputeCb(action="provider", id=5).pack(),
        Open.PATH: ChildCb(action="next", id=5).pack(),
    }
    assert packed[Open.CERTIFICATE] == "ce:card:5:" and packed[Open.MONEY] == "mo:view:5:0:"
    assert packed[Open.LESSONS] == "mo:lessons:0:0:" and packed[Open.CONFIRM_REQUEST] == "pv:ok:5:0"
    assert packed[Open.APPLICATION] == "st:app:5:" and packed[Open.ACCEPT_OFFER] == "en:wa:5:0"


async def test_raw_arguments_are_escaped_and_buttons_packed(core: FluentRuntimeCore) -> None:
    payload = {
        "v": outbox.FORMAT,
        "text_key": "desk-notify-returned",
        "args": {"title": "Роботы <и> код", "note": "Добавьте расписание <групп> & адрес"},
        "buttons": [[outbox.button("certificates-open-card", Open.CERTIFICATE, 7)]],
    }
    text, markup = render(core, "ru", payload)
    assert text.startswith(RETURNED)
    assert markup is not None
    [[button]] = markup.inline_keyboard
    assert (button.text, button.callback_data) == ("📄 Открыть сертификат", "ce:card:7:")


async def test_a_row_queued_before_intents_goes_out_as_it_was_queued(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    core: FluentRuntimeCore,
    clock: FrozenClock,
) -> None:
    user = User(id=910_001, locale="ru")
    session.add(user)
    old = {  # as outbox.enqueue wrote it before intents: escaped arguments, packed data, no "v"
        "text_key": "desk-notify-returned",
        "args": {"title": "Роботы &lt;и&gt; код", "note": "Добавьте расписание &lt;групп&gt; &amp; адрес"},
        "buttons": [[{"text_key": "money-btn-view", "callback_data": "mo:view:7:0:"}]],
    }
    session.add(
        OutboxMessage(
            key="old:1", chat_id=user.id, payload=old, status=OutboxStatus.PENDING, not_before=clock.now()
        )
    )
    await outbox.enqueue(
        session,
        chat_id=user.id,
        key="new:1",
        now=clock.now(),
        text_key="desk-notify-returned",
        args={"title": "Роботы <и> код", "note": "Добавьте расписание <групп> & адрес"},
        buttons=[[outbox.button("money-btn-view", Open.MONEY, 7)]],
    )
    await session.commit()
    bot, api = mocked_bot(settings, clock)
    sender = Sender(bot, sessionmaker, core, settings, clock)

    await sender.send_all_due()

    sent = [s for s in api.sent if s.method == "SendMessage"]
    assert len(sent) == 2
    for message in sent:  # the same message, escaped once, whichever way it was queued
        assert (message.text or "").startswith(RETURNED)
        assert message.buttons == [("💳 Баланс сертификата", "mo:view:7:0:")]
