"""Handler tests: the bot and dispatcher production builds (`create_bot`, `create_dispatcher`: parse
mode HTML, the request middlewares, the unit of work, i18n, FSM in the DB) fed real Update objects with
`dp.feed_update`, against a mocked Bot API session that still validates every answer through aiogram's
`check_response`. As in aiogram's own tests/mocked_bot.py, a call can be scripted to fail the way Telegram
fails it: `h.session.add_result_for(SendMessage, error_code=403, description=BLOCKED)`."""

from __future__ import annotations

import itertools
import json
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import ResponseParameters, Update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_bot, create_dispatcher
from bot.fsm_storage import current_session
from bot.services.clock import Clock

BOT_ID = 42
# The two refusals of a button the person may not press (locales/ru/common.ftl): a router that does
# not serve the person's role never sees it (fallback-button); one that does refuses it (error-not-allowed).
STALE_BUTTON = "Эта кнопка устарела. Откройте /menu и начните заново."
NOT_ALLOWED = "Это действие вам недоступно."
# What Telegram answers when the person blocked the bot (403), when an edit changes nothing (400), and
# when the bot sends too fast (429, with `retry_after`).
BLOCKED = "Forbidden: bot was blocked by the user"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
FLOOD = "Too Many Requests: retry after {}"


@dataclass
class Sent:
    method: str
    chat_id: int | None
    text: str | None
    markup: dict[str, Any] | None
    message_id: int | None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def buttons(self) -> list[tuple[str, str | None]]:
        rows = (self.markup or {}).get("inline_keyboard") or []
        return [(b["text"], b.get("callback_data")) for row in rows for b in row]

    @property
    def reply_buttons(self) -> list[str]:
        rows = (self.markup or {}).get("keyboard") or []
        return [b["text"] if isinstance(b, dict) else b for row in rows for b in row]

    def data_for(self, label: str) -> str:
        for text, data in self.buttons:
            if label in text and data:
                return data
        raise AssertionError(f"no button {label!r} in {self.buttons}")


class MockedSession(BaseSession):
    """Answers every call as Telegram would when all goes well, unless a test scripted the next answer
    to that method (`add_result_for`). `sent` holds what Telegram accepted, `refused` what it did not."""

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock
        self.sent: list[Sent] = []
        self.refused: list[Sent] = []
        self._ids = itertools.count(1000)
        self._scripted: defaultdict[str, deque[Response[Any]]] = defaultdict(deque)

    def add_result_for(
        self,
        method: type[TelegramMethod[Any]],
        *,
        ok: bool = False,
        result: Any = None,
        description: str | None = None,
        error_code: int = 200,
        retry_after: int | None = None,
    ) -> Response[Any]:
        """The answer to the next call of `method` (after it, calls are answered normally again);
        aiogram's tests/mocked_bot.py has the same signature."""
        response = Response[Any](
            ok=ok,
            result=result,
            description=description,
            error_code=error_code,
            parameters=ResponseParameters(retry_after=retry_after) if retry_after is not None else None,
        )
        self._scripted[method.__name__].append(response)
        return response

    async def close(self) -> None:
        return None

    async def stream_content(self, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover
        raise NotImplementedError

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109
    ) -> Any:
        session = current_session.get()
        if session is not None and session.in_transaction():
            raise AssertionError(f"{type(method).__name__} called with the update's transaction open")
        params: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files={})
            if prepared is None:
                continue
            if isinstance(prepared, str) and prepared[:1] in "{[":
                prepared = json.loads(prepared)
            params[key] = prepared
        name = type(method).__name__
        chat_id = params.get("chat_id")
        result: Any = True
        message_id = params.get("message_id")
        if name.startswith("Send") or name == "CopyMessage":
            message_id = next(self._ids)
            result = {
                "message_id": message_id,
                "date": int(self.clock.now().timestamp()),
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "bot"},
                "text": params.get("text") or params.get("caption") or "",
            }
        elif name == "GetMe":
            result = {"id": BOT_ID, "is_bot": True, "first_name": "bot", "username": "test_bot"}
        elif name.startswith("Edit"):
            result = {
                "message_id": message_id,
                "date": int(self.clock.now().timestamp()),
                "chat": {"id": chat_id, "type": "private"},
                "text": params.get("text") or "",
            }
        call = Sent(
            method=name,
            chat_id=chat_id,
            text=params.get("text") or params.get("caption"),
            markup=params.get("reply_markup"),
            message_id=message_id,
            params=params,
        )
        if self._scripted[name]:
            scripted = self._scripted[name].popleft()
            (self.sent if scripted.ok else self.refused).append(call)
            status = scripted.error_code or 200
            content = scripted.model_dump_json(exclude_none=True)
        else:
            self.sent.append(call)
            status, content = 200, json.dumps({"ok": True, "result": result})
        return self.check_response(bot=bot, method=method, status_code=status, content=content).result


def mocked_bot(settings: Settings, clock: Clock) -> tuple[Bot, MockedSession]:
    """Production's bot (`create_bot`: parse mode, request middlewares such as commit-before-sending and
    not-modified-is-done) with Telegram replaced by a MockedSession."""
    bot = create_bot(settings)
    session = MockedSession(clock)
    session.middleware = bot.session.middleware
    bot.session = session
    return bot, session


class Harness:
    """`await h.send(user_id, "/start")`, `await h.press(user_id, data)`; `h.replies(user_id)`."""

    def __init__(
        self, settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], clock: Clock | None = None
    ) -> None:
        # The same clock as the sessions' unless a test gives another.
        clock = clock if clock is not None else sessionmaker.kw["info"]["clock"]
        self.clock = clock
        self.bot, self.session = mocked_bot(settings, clock)
        self.dp: Dispatcher = create_dispatcher(settings, sessionmaker, clock=clock)
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)

    async def __aenter__(self) -> Harness:
        await self.dp.emit_startup(bot=self.bot, dispatcher=self.dp, **self.dp.workflow_data)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.dp.emit_shutdown(bot=self.bot, dispatcher=self.dp, **self.dp.workflow_data)

    def _user(self, user_id: int, language_code: str) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": "Тест", "language_code": language_code}

    async def send(self, user_id: int, text: str, *, language_code: str = "ru", **extra: Any) -> list[Sent]:
        before = len(self.session.sent)
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(self.clock.now().timestamp()),
            "chat": {"id": user_id, "type": "private"},
            "from": self._user(user_id, language_code),
            "text": text,
            **extra,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        update = Update.model_validate({"update_id": next(self._update_ids), "message": message})
        await self.dp.feed_update(self.bot, update)
        return self.session.sent[before:]

    async def send_location(
        self, user_id: int, latitude: float, longitude: float, *, language_code: str = "ru"
    ) -> list[Sent]:
        """A point shared with 📎 → «Геопозиция» or a request_location button: a message with no text."""
        before = len(self.session.sent)
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(self.clock.now().timestamp()),
            "chat": {"id": user_id, "type": "private"},
            "from": self._user(user_id, language_code),
            "location": {"latitude": latitude, "longitude": longitude},
        }
        update = Update.model_validate({"update_id": next(self._update_ids), "message": message})
        await self.dp.feed_update(self.bot, update)
        return self.session.sent[before:]

    async def press(
        self, user_id: int, data: str, *, message_id: int = 1, language_code: str = "ru"
    ) -> list[Sent]:
        before = len(self.session.sent)
        query = {
            "id": str(next(self._update_ids)),
            "from": self._user(user_id, language_code),
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(self.clock.now().timestamp()),
                "chat": {"id": user_id, "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "bot"},
                "text": "…",
            },
        }
        update = Update.model_validate({"update_id": next(self._update_ids), "callback_query": query})
        await self.dp.feed_update(self.bot, update)
        return self.session.sent[before:]

    def replies(self, user_id: int) -> list[Sent]:
        return [s for s in self.session.sent if s.chat_id == user_id]

    def alerts(self, sent: list[Sent]) -> list[str]:
        return [
            s.params.get("text", "")
            for s in sent
            if s.method == "AnswerCallbackQuery" and s.params.get("text")
        ]
