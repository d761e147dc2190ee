"""Tests of the fake Bot API: a real aiogram Bot long-polls it over real HTTP."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from tests.e2e.fake_bot_api import FakeBotAPI

TOKEN = "123456:TEST-token-for-fake-server"


def make_router() -> Router:
    """A tiny bot: /start with inline buttons, callback -> toast + edit, document echo, text echo."""
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message, command: CommandObject) -> None:
        kb = InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(text="Да ✅", callback_data="answer:yes"),
                    InlineKeyboardButton(text="Нет", callback_data="answer:no"),
                ],
                [InlineKeyboardButton(text="Сайт", url="https://example.org")],
            ]
        )
        name = message.from_user.first_name if message.from_user else "?"
        await message.answer(f"Привет, <b>{name}</b>! code={command.args}", reply_markup=kb)

    @router.message(Command("menu"))
    async def menu(message: Message) -> None:
        kb = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="Каталог"), KeyboardButton(text="Профиль")]])
        await message.answer("Меню", reply_markup=kb)

    @router.callback_query(F.data.startswith("answer:"))
    async def on_answer(callback: CallbackQuery) -> None:
        choice = callback.data.split(":", 1)[1]  # type: ignore[union-attr]
        await callback.answer(f"Принято: {choice}")
        await callback.message.edit_text(f"Вы выбрали: {choice}")  # type: ignore[union-attr]

    @router.message(F.document)
    async def on_document(message: Message, bot: Bot) -> None:
        assert message.document is not None
        buffer = io.BytesIO()
        await bot.download(message.document, destination=buffer)
        data = buffer.getvalue()
        await message.answer_document(
            BufferedInputFile(data[::-1], filename="reversed.bin"),
            caption=f"Получил {message.document.file_name}: {len(data)} байт",
        )

    @router.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"Эхо: {message.text}", parse_mode=None)

    return router


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    api = FakeBotAPI()
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def bot(fake: FakeBotAPI) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url))
    b = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode="HTML"))
    yield b
    await b.session.close()


@pytest.fixture
async def polling(fake: FakeBotAPI, bot: Bot) -> AsyncIterator[Dispatcher]:
    dp = Dispatcher()
    dp.include_router(make_router())
    task = asyncio.create_task(dp.start_polling(bot, handle_signals=False, close_bot_session=False))
    # wait until the first getUpdates arrives so the bot is really polling
    for _ in range(200):
        if fake.calls_of("getUpdates"):
            break
        await asyncio.sleep(0.01)
    yield dp
    await dp.stop_polling()
    await task


@pytest.mark.asyncio
async def test_echo_over_real_long_polling(fake: FakeBotAPI, polling: Dispatcher) -> None:
    ivan = fake.user(1001)
    await ivan.send("привет")
    reply = await ivan.wait_reply("эхо")
    assert reply.text == "Эхо: привет"
    assert reply.kind == "text"
    assert fake.calls_of("getMe"), "start_polling calls getMe"
    # the second message gets its own reply (cursor moved by the new action)
    await ivan.send("ещё")
    assert (await ivan.wait_reply()).text == "Эхо: ещё"
    assert [m.text for m in ivan.messages()] == ["Эхо: привет", "Эхо: ещё"]
    # the bot's next getUpdates(offset=last+1) confirms the processed updates
    for _ in range(100):
        if not fake.pending_updates:
            break
        await asyncio.sleep(0.02)
    assert fake.pending_updates == []


@pytest.mark.asyncio
async def test_start_payload_button_press_and_edit(fake: FakeBotAPI, polling: Dispatcher) -> None:
    ivan = fake.user(1002, first_name="Иван")
    await ivan.send("/start ref42")
    menu = await ivan.wait_reply("Привет")
    assert menu.text == "Привет, Иван! code=ref42", "HTML is stripped like Telegram does"
    assert menu.button_texts() == ["Да ✅", "Нет", "Сайт"]
    assert menu.buttons[1][0].url == "https://example.org"

    await ivan.press("Да")  # substring match
    edited = await ivan.wait_reply("Вы выбрали")
    assert edited.message_id == menu.message_id
    assert edited.text == "Вы выбрали: yes"
    assert edited.edited == 1
    assert edited.buttons == [], "editMessageText without reply_markup drops the keyboard"
    toast = await ivan.wait_reply("принято", alert=True)
    assert toast.kind == "alert"
    assert ivan.alerts() == ["Принято: yes"]
    assert fake.unanswered_callbacks() == []

    with pytest.raises(AssertionError, match="available"):
        await ivan.press("Нет такой", message=menu)


@pytest.mark.asyncio
async def test_reply_keyboard_and_wait_timeout_transcript(fake: FakeBotAPI, polling: Dispatcher) -> None:
    ivan = fake.user(1003)
    await ivan.send("/menu")
    menu = await ivan.wait_reply("Меню")
    assert menu.reply_keyboard == ["Каталог", "Профиль"]
    assert ivan.reply_keyboard() == ["Каталог", "Профиль"]
    with pytest.raises(AssertionError, match="transcript") as exc:
        await ivan.wait_reply("never sent", timeout=0.2)
    assert "Меню" in str(exc.value)


@pytest.mark.asyncio
async def test_blocked_chat_gives_forbidden(fake: FakeBotAPI, bot: Bot) -> None:
    fake.blocked_chats.add(2001)
    with pytest.raises(TelegramForbiddenError, match="blocked"):
        await bot.send_message(2001, "hello")
    assert fake.sent_messages(2001) == []
    assert fake.count_403 == 1
    fake.blocked_chats.clear()
    await bot.send_message(2001, "hello again")
    assert [m.text for m in fake.sent_messages(2001)] == ["hello again"]


@pytest.mark.asyncio
async def test_global_rate_limit_gives_retry_after(fake: FakeBotAPI, bot: Bot) -> None:
    fake.global_rate = 2
    await bot.send_message(1, "a")
    await bot.send_message(2, "b")
    with pytest.raises(TelegramRetryAfter) as exc:
        await bot.send_message(3, "c")
    assert exc.value.retry_after >= 1
    assert fake.count_429 == 1
    assert fake.sent_messages(3) == [], "a 429'd send creates no message"
    # edits are never limited
    msg = fake.sent_messages(1)[0]
    await bot.edit_message_text("a2", chat_id=1, message_id=msg.message_id)
    fake.global_rate = None
    await bot.send_message(3, "c")
    assert len(fake.sent_messages()) == 3


@pytest.mark.asyncio
async def test_per_chat_rate_and_failing_chat(fake: FakeBotAPI, bot: Bot) -> None:
    fake.per_chat_rate = 1
    await bot.send_message(10, "one")
    await bot.send_message(11, "other chat is fine")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(10, "two")
    fake.per_chat_rate = None
    fake.failing_chats[12] = 2
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.send_message(12, "x")
    await bot.send_message(12, "x")
    assert fake.count_500 == 2 and [m.text for m in fake.sent_messages(12)] == ["x"]


@pytest.mark.asyncio
async def test_telegram_like_validation(fake: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(5, "a < b")  # default parse_mode=HTML, unescaped '<'
    with pytest.raises(TelegramBadRequest, match="too long"):
        await bot.send_message(5, "x" * 4097)
    kb = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="t", callback_data="d" * 65)]])
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(5, "k", reply_markup=kb)
    m = await bot.send_message(5, "same")
    with pytest.raises(TelegramBadRequest, match="not modified"):
        await bot.edit_message_text("same", chat_id=5, message_id=m.message_id)
    await bot.edit_message_text("<b>same</b>", chat_id=5, message_id=m.message_id)  # formatting differs
    assert fake.sent_messages(5)[0].edited == 1


@pytest.mark.asyncio
async def test_document_round_trip(fake: FakeBotAPI, polling: Dispatcher) -> None:
    petr = fake.user(1004, first_name="Пётр")
    payload = bytes(range(256)) * 5000  # 1.28 MB: above aiohttp's default 1 MB body limit
    await petr.send_document("справка.pdf", payload, caption="моя справка")
    reply = await petr.wait_reply("Получил справка.pdf", timeout=15)
    assert reply.kind == "document"
    assert reply.text == f"Получил справка.pdf: {len(payload)} байт"
    assert reply.file == payload[::-1]
    assert reply.raw["document"]["file_name"] == "reversed.bin"
    assert fake.calls_of("getFile")[0].params["file_id"].startswith("FAKEFILE")


@pytest.mark.asyncio
async def test_commands_and_raw_calls(fake: FakeBotAPI, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(command="start", description="Начать")], language_code="ru")
    got = await bot.get_my_commands(language_code="ru")
    assert [(c.command, c.description) for c in got] == [("start", "Начать")]
    assert await bot.get_my_commands() == []
    call = fake.calls_of("setMyCommands")[0]
    assert call.params["commands"] == [{"command": "start", "description": "Начать"}]
    assert call.params["language_code"] == "ru"
    assert await bot.send_chat_action(1, "typing") is True
    assert await bot.delete_webhook(drop_pending_updates=True) is True


@pytest.mark.asyncio
async def test_get_updates_semantics(fake: FakeBotAPI, bot: Bot) -> None:
    first = fake.push_update({"message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}}})
    updates = await bot.get_updates(timeout=5)  # pending -> immediate
    assert [u.update_id for u in updates] == [first["update_id"]]
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(offset=first["update_id"] + 1, timeout=1) == []
    assert loop.time() - started >= 0.9, "held for the long-poll timeout"
    assert fake.pending_updates == []

    async def push_later() -> None:
        await asyncio.sleep(0.2)
        await fake.user(7).send("wake up")

    pusher = asyncio.create_task(push_later())
    started = loop.time()
    woke = await bot.get_updates(offset=first["update_id"] + 1, timeout=10)
    await pusher
    assert loop.time() - started < 5
    assert woke[0].message is not None and woke[0].message.text == "wake up"


@pytest.mark.asyncio
async def test_photo_copy_delete_and_user_photo(fake: FakeBotAPI, bot: Bot) -> None:
    sent = await bot.send_photo(
        20, BufferedInputFile(b"PNGDATA", filename="chart.png"), caption="<i>График</i>"
    )
    assert sent.photo and sent.caption == "График"
    photo = fake.sent_messages(20)[0]
    assert (photo.kind, photo.file, photo.text) == ("photo", b"PNGDATA", "График")
    # resend by file_id (the usual caching trick) works, an unknown file_id does not
    await bot.send_photo(21, sent.photo[-1].file_id)
    assert fake.sent_messages(21)[0].file == b"PNGDATA"
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_photo(21, "nonexistent-file-id")
    copied = await bot.copy_message(22, from_chat_id=20, message_id=sent.message_id)
    assert fake.sent_messages(22)[0].message_id == copied.message_id
    assert await bot.delete_message(20, sent.message_id) is True
    assert fake.sent_messages(20) == [] and fake.sent_messages(20, include_deleted=True)[0].deleted
    user = fake.user(23)
    update = await user.send_photo(b"JPEG", caption="смотри")
    file = await bot.get_file(update["message"]["photo"][-1]["file_id"])
    assert file.file_path is not None
    buffer = io.BytesIO()
    await bot.download_file(file.file_path, buffer)
    assert buffer.getvalue() == b"JPEG"


@pytest.mark.asyncio
async def test_delay_holds_the_answer_not_the_effect(fake: FakeBotAPI, bot: Bot) -> None:
    fake.delay_ms = 300
    loop = asyncio.get_running_loop()
    started = loop.time()
    sending = asyncio.create_task(bot.send_message(31, "медленно"))
    while not fake.sent_messages(31) and loop.time() - started < 5:  # noqa: ASYNC110 - the fake's record
        await asyncio.sleep(0.01)
    assert not sending.done(), "the message is there before its answer left"
    assert (await sending).text == "медленно"
    assert loop.time() - started >= 0.3
    with pytest.raises(TelegramBadRequest, match="chat not found"):  # errors wait as long
        await bot.send_message("@nobody", "x")
    assert loop.time() - started >= 0.6
    fake.delay_ms = 0
    started = loop.time()
    await bot.send_message(31, "быстро")
    assert loop.time() - started < 0.3
