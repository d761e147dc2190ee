"""In-process fake of the Telegram Bot API HTTP server for end-to-end tests.

A real :class:`aiogram.Bot` does real long polling over HTTP against it::

    fake = FakeBotAPI()
    await fake.start()
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url)))
    task = asyncio.create_task(dp.start_polling(bot, handle_signals=False))
    ivan = fake.user(1001)
    await ivan.send("/start")
    msg = await ivan.wait_reply("Добро пожаловать")
    await ivan.press("Каталог")
    ...
    await dp.stop_polling(); await task; await fake.stop()

Behaviour worth knowing (mirrors the real API where cheap):

* Requests are ``POST /bot{token}/{method}``; aiogram sends ``application/x-www-form-urlencoded``
  unless a file is attached (then ``multipart/form-data``).  Non-string values arrive JSON-encoded
  and are decoded into ``Call.params`` (free-text fields such as ``text``/``caption`` stay strings).
* Rate limits (``global_rate``/``per_chat_rate``), ``blocked_chats`` (403) and ``failing_chats``
  (500) apply only to :data:`LIMITED_METHODS` (sendMessage, sendPhoto, sendDocument, copyMessage);
  edits, callback answers and everything else are never limited.  A refused send creates no message.
* ``parse_mode="HTML"`` text is checked like Telegram does (unknown/unclosed tags and a bare ``<``
  give ``400 can't parse entities``) and the stored ``BotMessage.text`` is the *plain* text, as
  Telegram would return it.  Other parse modes are stored verbatim.
* Texts over 4096 chars, captions over 1024, empty texts, callback_data over 64 bytes and edits
  that change nothing ("message is not modified") answer 400, like Telegram.
* ``editMessageText`` without ``reply_markup`` removes the inline keyboard (as Telegram does).
* ``deleteWebhook(drop_pending_updates=True)`` drops queued updates; ``getUpdates`` honours
  ``allowed_updates`` (other update types are silently confirmed), ``offset``, ``limit``, ``timeout``.
* Unknown methods answer ``true``; unknown ``send*`` methods (sendVideo, sendSticker, ...) create a
  generic message so aiogram can validate the result.
* ``delay_ms`` (0 by default, switchable at any time) holds every answer that long, as a network round
  trip to Telegram would: the call is recorded and takes effect on arrival, its answer leaves later.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import math
import mimetypes
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

__all__ = ["LIMITED_METHODS", "BotMessage", "Call", "FakeBotAPI", "FakeUser", "InlineButton"]

LIMITED_METHODS: frozenset[str] = frozenset({"sendMessage", "sendPhoto", "sendDocument", "copyMessage"})
"""Methods subject to rate limits, ``blocked_chats`` and ``failing_chats``."""

# Fields that are free text / identifiers and must never be JSON-decoded ("123" must stay a string).
_TEXT_FIELDS = frozenset(
    {
        "text", "caption", "parse_mode", "callback_query_id", "file_id", "photo", "document", "video",
        "audio", "animation", "voice", "video_note", "sticker", "thumbnail", "action", "url", "query",
        "title", "description", "short_description", "name", "emoji", "phone_number", "first_name",
        "last_name", "address", "inline_message_id", "message_effect_id", "business_connection_id",
        "question", "explanation", "payload", "currency", "provider_token", "start_parameter",
        "language_code", "secret_token", "ip_address", "custom_title", "vcard", "result_id",
    }
)  # fmt: skip

_HTML_TAGS = frozenset(
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code",
        "pre", "blockquote", "tg-emoji", "tg-time",
    }
)  # fmt: skip
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)>")
_MAX_TEXT = 4096
_MAX_CAPTION = 1024
_MAX_CALLBACK_DATA = 64


class TelegramError(Exception):
    """Raised inside method handlers to answer ``{"ok": false, ...}``."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


@dataclass
class Call:
    """One HTTP request the bot made."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes]
    time: float  # time.monotonic()
    status: int = 200
    error: str | None = None
    filenames: dict[str, str] = field(default_factory=dict)  # multipart part name -> file name


@dataclass
class InlineButton:
    """An inline keyboard button as the bot sent it."""

    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass
class BotMessage:
    """Current state of a message sent by the bot (or a callback answer when ``kind == "alert"``)."""

    chat_id: int
    message_id: int
    kind: str  # "text" | "photo" | "document" | "alert" | other send* suffix ("video", "sticker", ...)
    text: str = ""  # plain text or caption ("" if none)
    buttons: list[list[InlineButton]] = field(default_factory=list)
    reply_keyboard: list[str] | None = None
    file: bytes | None = None
    file_id: str | None = None
    edited: int = 0
    deleted: bool = False
    seq: int = 0  # event sequence number of the latest send/edit
    raw: dict[str, Any] = field(default_factory=dict)  # Message object as returned to the bot
    params: dict[str, Any] = field(default_factory=dict)  # params of the latest send/edit call
    source: str = ""  # text/caption as sent (with markup and parse_mode), for "not modified" checks

    def button_texts(self) -> list[str]:
        """Flat list of inline button texts."""
        return [b.text for row in self.buttons for b in row]

    def __str__(self) -> str:
        extra = f" {self.button_texts()}" if self.buttons else ""
        return f"[{self.message_id}:{self.kind}{'*' * self.edited}] {self.text!r}{extra}"


@dataclass
class _StoredFile:
    file_id: str
    unique_id: str
    path: str
    content: bytes
    filename: str | None = None


@dataclass
class _Event:
    seq: int
    chat_id: int
    text: str  # snapshot at the time of the event
    message: BotMessage
    is_alert: bool


class FakeUser:
    """A simulated person in a private chat with the bot (chat id == user id)."""

    def __init__(
        self, api: FakeBotAPI, user_id: int, first_name: str, language_code: str, username: str | None
    ) -> None:
        self.api = api
        self.id = user_id
        self.first_name = first_name
        self.language_code = language_code
        self.username = username
        self.cursor = 0  # event seq at this user's latest action

    # ----------------------------------------------------------------- payloads
    def as_user(self) -> dict[str, Any]:
        """Telegram ``User`` object."""
        data: dict[str, Any] = {
            "id": self.id,
            "is_bot": False,
            "first_name": self.first_name,
            "language_code": self.language_code,
        }
        if self.username:
            data["username"] = self.username
        return data

    def as_chat(self) -> dict[str, Any]:
        """Telegram ``Chat`` object of the private chat."""
        data: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        return data

    async def _send_message(self, content: dict[str, Any], log: str) -> dict[str, Any]:
        self.cursor = self.api.seq
        message = {
            "message_id": self.api.next_message_id(self.id),
            "date": int(time.time()),
            "chat": self.as_chat(),
            "from": self.as_user(),
            **content,
        }
        self.api.log(self.id, f"user: {log}")
        update = self.api.push_update({"message": message})
        await asyncio.sleep(0)
        return update

    # ----------------------------------------------------------------- actions
    async def send(self, text: str) -> dict[str, Any]:
        """Send a text message ("/cmd ..." gets a bot_command entity); returns the update."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]
        return await self._send_message(content, repr(text))

    async def send_document(
        self, filename: str, content: bytes, caption: str | None = None
    ) -> dict[str, Any]:
        """Send a document; the bot can fetch it via getFile + the file URL."""
        stored = self.api.store_file(content, "documents", filename)
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_name": filename,
            "mime_type": mimetypes.guess_type(filename)[0] or "application/octet-stream",
            "file_size": len(content),
        }
        msg: dict[str, Any] = {"document": document}
        if caption is not None:
            msg["caption"] = caption
        return await self._send_message(msg, f"<document {filename} {len(content)}B> {caption or ''}")

    async def send_photo(self, content: bytes, caption: str | None = None) -> dict[str, Any]:
        """Send a photo (two sizes sharing the same bytes)."""
        msg: dict[str, Any] = {"photo": self.api.photo_sizes(self.api.store_file(content, "photos"))}
        if caption is not None:
            msg["caption"] = caption
        return await self._send_message(msg, f"<photo {len(content)}B> {caption or ''}")

    async def send_contact(self, phone: str) -> dict[str, Any]:
        """Share own contact (as via a request_contact keyboard button)."""
        contact = {"phone_number": phone, "first_name": self.first_name, "user_id": self.id}
        return await self._send_message({"contact": contact}, f"<contact {phone}>")

    async def press(self, button_text: str, *, message: BotMessage | None = None) -> dict[str, Any]:
        """Press an inline button by text (exact, else case-insensitive substring).

        Looks in ``message`` or else the latest bot message in this chat that has inline buttons.
        """
        if message is None:
            with_kb = [m for m in self.messages() if m.buttons]
            if not with_kb:
                raise AssertionError(
                    f"No bot message with inline buttons in chat {self.id}.\n{self.transcript()}"
                )
            message = with_kb[-1]
        buttons = [b for row in message.buttons for b in row]
        found = [b for b in buttons if b.text == button_text] or [
            b for b in buttons if button_text.casefold() in b.text.casefold()
        ]
        if not found:
            raise AssertionError(
                f"No button {button_text!r} in message {message.message_id}; available: "
                f"{[b.text for b in buttons]}\n{self.transcript()}"
            )
        if found[0].callback_data is None:
            raise AssertionError(f"Button {found[0].text!r} has no callback_data (url={found[0].url!r})")
        return await self.press_data(found[0].callback_data, message, _label=found[0].text)

    async def press_data(
        self, callback_data: str, message: BotMessage | None = None, *, _label: str | None = None
    ) -> dict[str, Any]:
        """Send a (possibly forged) callback_query with arbitrary data."""
        self.cursor = self.api.seq
        query_id = str(next(self.api.ids))
        query: dict[str, Any] = {
            "id": query_id,
            "from": self.as_user(),
            "chat_instance": f"ci{self.id}",
            "data": callback_data,
        }
        if message is None:
            with_kb = [m for m in self.messages() if m.buttons]
            message = with_kb[-1] if with_kb else None
        if message is not None:
            query["message"] = message.raw
        self.api.callback_chats[query_id] = self.id
        self.api.log(self.id, f"user: press {_label or ''!r} data={callback_data!r}")
        update = self.api.push_update({"callback_query": query})
        await asyncio.sleep(0)
        return update

    # ----------------------------------------------------------------- observation
    def messages(self) -> list[BotMessage]:
        """All (non-deleted) bot messages in this chat, oldest first."""
        return self.api.sent_messages(self.id)

    def last(self) -> BotMessage:
        """The latest bot message in this chat."""
        msgs = self.messages()
        if not msgs:
            raise AssertionError(f"Bot sent nothing to chat {self.id}.\n{self.transcript()}")
        return msgs[-1]

    def alerts(self) -> list[str]:
        """Texts of callback answers (toasts/alerts) shown to this user."""
        return [e.text for e in self.api.events if e.chat_id == self.id and e.is_alert]

    def reply_keyboard(self) -> list[str] | None:
        """Texts of the reply keyboard currently shown (None if none / removed)."""
        for m in reversed(self.api.sent_messages(self.id, include_deleted=True)):
            markup = m.params.get("reply_markup")
            if isinstance(markup, dict) and ("keyboard" in markup or markup.get("remove_keyboard")):
                return m.reply_keyboard
        return None

    def transcript(self, last: int = 30) -> str:
        """Recent chat history (user actions, bot messages, edits, errors) for error messages."""
        lines = self.api.transcripts.get(self.id, [])[-last:]
        return f"--- transcript of chat {self.id} ---\n" + "\n".join(lines)

    async def wait_reply(
        self,
        contains: str | None = None,
        *,
        timeout: float | None = None,  # noqa: ASYNC109 (default: the server's reply_timeout)
        after: BotMessage | int | None = None,
        alert: bool = False,
    ) -> BotMessage:
        """Wait for a bot message (send or edit) in this chat after this user's last action.

        ``contains`` is a case-insensitive substring (None = anything).  ``after`` overrides the
        cursor (a BotMessage -> after its latest change, or a raw event seq).  With ``alert=True``
        only callback answers are matched; the result then has ``kind == "alert"``.
        """
        if after is None:
            start = self.cursor
        elif isinstance(after, BotMessage):
            start = after.seq
        else:
            start = after
        needle = contains.casefold() if contains is not None else None
        if timeout is None:
            timeout = self.api.reply_timeout
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for event in self.api.events[start:]:
                if event.chat_id != self.id or event.is_alert != alert:
                    continue
                if needle is None or needle in event.text.casefold():
                    return event.message
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                what = "alert" if alert else "reply"
                raise AssertionError(
                    f"No {what} containing {contains!r} in chat {self.id} within {timeout}s.\n"
                    + self.transcript()
                )
            changed = self.api.changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)


class FakeBotAPI:
    """Fake Telegram Bot API server (aiohttp.web on 127.0.0.1, random port)."""

    def __init__(self, *, bot_id: int = 777000, bot_username: str = "dop_edu_test_bot") -> None:
        # How long a user waits for a reply by default; tests that restart a real process under a
        # loaded CI machine give it more.
        self.reply_timeout = 10.0
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.base_url = ""
        # limits, switchable at any time
        self.global_rate: float | None = None
        self.per_chat_rate: float | None = None
        self.blocked_chats: set[int] = set()
        self.failing_chats: dict[int, int] = {}
        self.count_429 = 0
        self.count_403 = 0
        self.count_500 = 0
        # called with every request before it is answered (a test can stop the bot at that instant, or
        # hold the answer back)
        self.on_call: Callable[[Call], Awaitable[None]] | None = None
        self.delay_ms: float = 0.0  # every answer leaves this long after its request arrived
        # what the bot did
        self.calls: list[Call] = []
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}  # (scope json, lang) -> commands
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.callback_chats: dict[str, int] = {}
        self.events: list[_Event] = []
        self.transcripts: dict[int, list[str]] = {}
        self.changed = asyncio.Event()
        self.ids = itertools.count(1)
        # internals
        self._users: dict[int, FakeUser] = {}
        self._messages: dict[tuple[int, int], BotMessage] = {}
        self._msg_counter: dict[int, int] = {}
        self._files: dict[str, _StoredFile] = {}
        self._file_paths: dict[str, _StoredFile] = {}
        self._updates: list[dict[str, Any]] = []
        self._delivered: dict[int, dict[str, Any]] = {}  # every update getUpdates has handed out
        self._next_update_id = 100
        self._updates_event = asyncio.Event()
        self._closing = False
        self._global_sends: deque[float] = deque()
        self._chat_sends: dict[int, deque[float]] = {}
        self._runner: web.AppRunner | None = None
        self._handlers: dict[str, Callable[[Call], Awaitable[Any]]] = {
            name.lower(): func
            for name, func in {
                "getMe": self._get_me,
                "logOut": self._ok,
                "close": self._ok,
                "deleteWebhook": self._delete_webhook,
                "getUpdates": self._get_updates,
                "setMyCommands": self._set_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "getMyCommands": self._get_my_commands,
                "setChatMenuButton": self._set_chat_menu_button,
                "getChatMenuButton": self._get_chat_menu_button,
                "sendMessage": self._send_message,
                "sendPhoto": self._send_photo,
                "sendDocument": self._send_document,
                "copyMessage": self._copy_message,
                "forwardMessage": self._forward_message,
                "editMessageText": self._edit_message_text,
                "editMessageCaption": self._edit_message_caption,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "sendChatAction": self._ok,
                "getFile": self._get_file,
            }.items()
        }

    # ================================================================= lifecycle
    async def start(self) -> None:
        """Start serving on 127.0.0.1 with a random port; sets ``base_url``."""
        app = web.Application(client_max_size=100 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._closing = False
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        """Release pending long polls and shut the server down."""
        self._closing = True
        self._updates_event.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ================================================================= people and updates
    def user(
        self,
        user_id: int,
        *,
        first_name: str = "Иван",
        language_code: str = "ru",
        username: str | None = None,
    ) -> FakeUser:
        """Get or create a simulated user (the same object for the same id)."""
        if user_id not in self._users:
            self._users[user_id] = FakeUser(self, user_id, first_name, language_code, username)
        return self._users[user_id]

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Enqueue a raw update (``update_id`` is assigned if missing) and wake pollers."""
        if "update_id" not in update:
            update = {"update_id": self._next_update_id, **update}
        self._next_update_id = max(self._next_update_id, update["update_id"]) + 1
        self._updates.append(update)
        self._updates_event.set()
        return update

    def delivered_updates(self) -> list[dict[str, Any]]:
        """The updates the bot has taken with getUpdates (each once, however often it took it)."""
        return list(self._delivered.values())

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot (via getUpdates offset)."""
        return list(self._updates)

    @property
    def seq(self) -> int:
        """Current event sequence number (number of bot sends/edits/alerts so far)."""
        return len(self.events)

    # ================================================================= inspection
    def sent_messages(self, chat_id: int | None = None, *, include_deleted: bool = False) -> list[BotMessage]:
        """Messages the bot sent (current state after edits), in sending order."""
        return [
            m
            for m in self._messages.values()
            if (chat_id is None or m.chat_id == chat_id) and (include_deleted or not m.deleted)
        ]

    def calls_of(self, method: str) -> list[Call]:
        """Recorded calls of one API method."""
        return [c for c in self.calls if c.method == method]

    def unanswered_callbacks(self) -> list[str]:
        """Ids of pushed callback queries the bot never answered (spinner would hang)."""
        return [q for q in self.callback_chats if q not in self.callback_answers]

    # ================================================================= helpers used by FakeUser
    def next_message_id(self, chat_id: int) -> int:
        """Allocate a message id in a chat (shared by user and bot messages)."""
        self._msg_counter[chat_id] = self._msg_counter.get(chat_id, 0) + 1
        return self._msg_counter[chat_id]

    def log(self, chat_id: int, line: str) -> None:
        """Append a line to a chat's transcript."""
        self.transcripts.setdefault(chat_id, []).append(line)

    def store_file(self, content: bytes, folder: str, filename: str | None = None) -> _StoredFile:
        """Store bytes so they can be served by getFile + download."""
        n = next(self.ids)
        suffix = ""
        if filename and "." in filename:
            suffix = "." + filename.rsplit(".", 1)[1]
        elif folder == "photos":
            suffix = ".jpg"
        stored = _StoredFile(f"FAKEFILE{n:06d}", f"U{n:06d}", f"{folder}/file_{n}{suffix}", content, filename)
        self._files[stored.file_id] = stored
        self._file_paths[stored.path] = stored
        return stored

    @staticmethod
    def photo_sizes(stored: _StoredFile) -> list[dict[str, Any]]:
        """PhotoSize list for a stored photo (small + large; same bytes, same file_id)."""
        base = {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_size": len(stored.content),
        }
        return [{**base, "width": 90, "height": 90}, {**base, "width": 1280, "height": 720}]

    def _emit(self, message: BotMessage, text: str, *, is_alert: bool = False) -> None:
        event = _Event(len(self.events) + 1, message.chat_id, text, message, is_alert)
        self.events.append(event)
        message.seq = event.seq
        self.changed.set()
        self.changed = asyncio.Event()

    # ================================================================= HTTP layer
    async def _handle_method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        filenames: dict[str, str] = {}
        raw_params: list[tuple[str, Any]] = list(request.query.items())
        if request.method == "POST":
            ctype = request.content_type
            if ctype == "application/json":
                body = await request.json()
                raw_params.extend((k, v if isinstance(v, str) else json.dumps(v)) for k, v in body.items())
            else:
                raw_params.extend((await request.post()).items())
        for key, value in raw_params:
            if isinstance(value, web.FileField):
                files[key] = value.file.read()
                filenames[key] = value.filename
            else:
                params[key] = _decode(key, str(value))
        call = Call(method, params, files, time.monotonic(), filenames=filenames)
        self.calls.append(call)
        if self.on_call is not None:
            await self.on_call(call)
        handler = self._handlers.get(method.lower())
        if handler is None:
            handler = self._generic_send if method.lower().startswith("send") else self._ok
        try:
            response = web.json_response({"ok": True, "result": await handler(call)})
        except TelegramError as e:
            call.status, call.error = e.code, e.description
            chat = params.get("chat_id")
            if isinstance(chat, int):
                self.log(chat, f"!! {method} -> {e.code} {e.description}")
            payload: dict[str, Any] = {"ok": False, "error_code": e.code, "description": e.description}
            if e.retry_after is not None:
                payload["parameters"] = {"retry_after": e.retry_after}
            response = web.json_response(payload, status=e.code)
        if self.delay_ms > 0:
            await asyncio.sleep(self.delay_ms / 1000)
        return response

    async def _handle_file(self, request: web.Request) -> web.Response:
        stored = self._file_paths.get(request.match_info["path"])
        if stored is None:
            raise web.HTTPNotFound()
        return web.Response(body=stored.content, content_type="application/octet-stream")

    # ================================================================= simple methods
    async def _ok(self, call: Call) -> Any:
        return True

    def _bot_user(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": "Test Bot", "username": self.bot_username}

    async def _get_me(self, call: Call) -> Any:
        return {**self._bot_user(), "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}  # fmt: skip

    async def _delete_webhook(self, call: Call) -> Any:
        params = call.params
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_updates(self, call: Call) -> Any:
        params = call.params
        offset = int(params.get("offset", 0))
        limit = int(params.get("limit", 100)) or 100
        timeout = float(params.get("timeout", 0))
        allowed = params.get("allowed_updates") or None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if allowed:
                # Telegram never generates updates of non-allowed types: confirm them silently.
                self._updates = [u for u in self._updates if any(k in u for k in allowed)]
            if self._updates or self._closing:
                batch = self._updates[:limit]
                self._delivered.update((u["update_id"], u) for u in batch)
                return batch
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            self._updates_event.clear()
            try:
                await asyncio.wait_for(self._updates_event.wait(), remaining)
            except TimeoutError:
                return []

    @staticmethod
    def _scope_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code", ""))

    async def _set_my_commands(self, call: Call) -> Any:
        params = call.params
        self.commands[self._scope_key(params)] = list(params.get("commands", []))
        return True

    async def _delete_my_commands(self, call: Call) -> Any:
        params = call.params
        self.commands.pop(self._scope_key(params), None)
        return True

    async def _get_my_commands(self, call: Call) -> Any:
        params = call.params
        return self.commands.get(self._scope_key(params), [])

    async def _set_chat_menu_button(self, call: Call) -> Any:
        params = call.params
        self.menu_buttons[params.get("chat_id")] = params.get("menu_button") or {"type": "default"}
        return True

    async def _get_chat_menu_button(self, call: Call) -> Any:
        params = call.params
        return self.menu_buttons.get(params.get("chat_id"), self.menu_buttons.get(None, {"type": "default"}))

    async def _answer_callback_query(self, call: Call) -> Any:
        params = call.params
        query_id = str(params.get("callback_query_id"))
        if query_id in self.callback_answers:
            raise TelegramError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        self.callback_answers[query_id] = params
        chat_id = self.callback_chats.get(query_id)
        text = params.get("text")
        if chat_id is not None and text:
            kind = "alert" if params.get("show_alert") else "toast"
            self.log(chat_id, f"bot {kind}: {text!r}")
            self._emit(
                BotMessage(chat_id, 0, "alert", text=str(text), params=params), str(text), is_alert=True
            )
        return True

    async def _get_file(self, call: Call) -> Any:
        params = call.params
        stored = self._files.get(str(params.get("file_id")))
        if stored is None:
            raise TelegramError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_size": len(stored.content),
            "file_path": stored.path,
        }

    # ================================================================= sending
    def _chat(self, chat_id: Any) -> dict[str, Any]:
        if not isinstance(chat_id, int):
            raise TelegramError(400, "Bad Request: chat not found")
        if chat_id in self._users:
            return self._users[chat_id].as_chat()
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}
        return {"id": chat_id, "type": "supergroup", "title": f"Chat {chat_id}"}

    def _check_limits(self, method: str, chat_id: int) -> None:
        """403 / 429 / 500 checks for LIMITED_METHODS; records the send on success."""
        if method not in LIMITED_METHODS:
            return
        if chat_id in self.blocked_chats:
            self.count_403 += 1
            raise TelegramError(403, "Forbidden: bot was blocked by the user")
        now = time.monotonic()
        chat_window = self._chat_sends.setdefault(chat_id, deque())
        for window, rate in ((self._global_sends, self.global_rate), (chat_window, self.per_chat_rate)):
            retry_after = _window_check(window, rate, now)
            if retry_after is not None:
                self.count_429 += 1
                raise TelegramError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
        if self.failing_chats.get(chat_id, 0) > 0:
            self.failing_chats[chat_id] -= 1
            if self.failing_chats[chat_id] == 0:
                del self.failing_chats[chat_id]
            self.count_500 += 1
            raise TelegramError(500, "Internal Server Error")
        self._global_sends.append(now)
        chat_window.append(now)

    def _resolve_file(
        self, value: Any, files: dict[str, bytes], folder: str, filename: str | None = None
    ) -> _StoredFile | None:
        """Turn an InputFile reference (attach://, file_id, URL) into a stored file."""
        if not isinstance(value, str):
            raise TelegramError(400, "Bad Request: there is no file in the request")
        if value.startswith("attach://"):
            content = files.get(value.removeprefix("attach://"))
            if content is None:
                raise TelegramError(400, "Bad Request: file must be non-empty")
            return self.store_file(content, folder, filename)
        if value.startswith(("http://", "https://")):
            return None
        if value not in self._files:
            raise TelegramError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return self._files[value]

    def _create_message(
        self,
        method: str,
        params: dict[str, Any],
        kind: str,
        content: dict[str, Any],
        text: str,
        stored: _StoredFile | None = None,
    ) -> BotMessage:
        chat_id = params.get("chat_id")
        chat = self._chat(chat_id)
        assert isinstance(chat_id, int)
        markup = _validate_markup(params.get("reply_markup"))
        self._check_limits(method, chat_id)
        message_id = self.next_message_id(chat_id)
        raw: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": self._bot_user(),
            **content,
        }
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            raw["reply_markup"] = markup
        msg = BotMessage(
            chat_id=chat_id,
            message_id=message_id,
            kind=kind,
            text=text,
            buttons=_buttons(markup),
            reply_keyboard=_reply_keyboard(markup),
            file=stored.content if stored else None,
            file_id=stored.file_id if stored else None,
            raw=raw,
            params=params,
            source=_source(params, "caption" if "caption" in params else "text"),
        )
        self._messages[(chat_id, message_id)] = msg
        self.log(chat_id, f"bot: {msg}")
        self._emit(msg, text)
        return msg

    async def _send_message(self, call: Call) -> Any:
        params = call.params
        text = _parse_text(params.get("text"), params.get("parse_mode"), _MAX_TEXT, "text")
        if not text.strip():
            raise TelegramError(400, "Bad Request: message text is empty")
        content: dict[str, Any] = {"text": text}
        return self._create_message("sendMessage", params, "text", content, text).raw

    def _caption(self, params: dict[str, Any], content: dict[str, Any]) -> str:
        caption = _parse_text(params.get("caption"), params.get("parse_mode"), _MAX_CAPTION, "caption")
        if caption:
            content["caption"] = caption
        return caption

    async def _send_photo(self, call: Call) -> Any:
        params, files = call.params, call.files
        content: dict[str, Any] = {}
        caption = self._caption(params, content)
        stored = self._resolve_file(params.get("photo"), files, "photos")
        content["photo"] = (
            self.photo_sizes(stored)
            if stored
            else [{"file_id": "URLPHOTO", "file_unique_id": "URLPHOTO", "width": 1, "height": 1}]
        )
        return self._create_message("sendPhoto", params, "photo", content, caption, stored).raw

    async def _send_document(self, call: Call) -> Any:
        params, files = call.params, call.files
        content: dict[str, Any] = {}
        caption = self._caption(params, content)
        ref = params.get("document")
        # aiogram uses the InputFile's filename as the multipart file name
        stored = self._resolve_file(ref, files, "documents", _attached_filename(ref, call.filenames))
        document: dict[str, Any] = {"file_id": "URLDOC", "file_unique_id": "URLDOC"}
        if stored:
            document = {
                "file_id": stored.file_id,
                "file_unique_id": stored.unique_id,
                "file_size": len(stored.content),
            }
            if stored.filename:
                document["file_name"] = stored.filename
                document["mime_type"] = mimetypes.guess_type(stored.filename)[0] or "application/octet-stream"
        content["document"] = document
        return self._create_message("sendDocument", params, "document", content, caption, stored).raw

    async def _generic_send(self, call: Call) -> Any:
        """Fallback for other send* methods: a message with just the caption/text."""
        params = call.params
        if call.method == "sendMediaGroup":
            media = params.get("media") or []
            return [
                self._create_message(
                    call.method, params | {"reply_markup": None}, str(item.get("type", "media")),
                    {"caption": item["caption"]} if item.get("caption") else {}, str(item.get("caption", "")),
                ).raw
                for item in media
            ]  # fmt: skip
        kind = call.method.removeprefix("send").lower() or "message"
        content: dict[str, Any] = {}
        caption = self._caption(params, content)
        return self._create_message(call.method, params, kind, content, caption).raw

    async def _copy_message(self, call: Call) -> Any:
        params = call.params
        src = self._messages.get((params.get("from_chat_id"), params.get("message_id")))  # type: ignore[arg-type]
        text = params.get("caption") if "caption" in params else (src.text if src else "")
        content: dict[str, Any] = {}
        kind = src.kind if src else "text"
        if src is not None:
            content = {k: v for k, v in src.raw.items() if k in ("text", "photo", "document", "caption")}
        if "caption" in params:
            content["caption"] = params["caption"]
        stored = self._files.get(src.file_id) if src and src.file_id else None
        msg = self._create_message("copyMessage", params, kind, content, str(text or ""), stored)
        return {"message_id": msg.message_id}

    async def _forward_message(self, call: Call) -> Any:
        params = call.params
        src = self._messages.get((params.get("from_chat_id"), params.get("message_id")))  # type: ignore[arg-type]
        content: dict[str, Any] = {}
        if src is not None:
            content = {k: v for k, v in src.raw.items() if k in ("text", "photo", "document", "caption")}
        stored = self._files.get(src.file_id) if src and src.file_id else None
        text = src.text if src else ""
        return self._create_message(
            "forwardMessage", params, src.kind if src else "text", content, text, stored
        ).raw

    # ================================================================= editing
    def _target(self, params: dict[str, Any], what: str) -> BotMessage | None:
        if params.get("inline_message_id"):
            return None
        key = (params.get("chat_id"), params.get("message_id"))
        msg = self._messages.get(key)  # type: ignore[arg-type]
        if msg is None or msg.deleted:
            raise TelegramError(400, f"Bad Request: message to {what} not found")
        return msg

    def _apply_edit(
        self, msg: BotMessage, params: dict[str, Any], content: dict[str, Any], text: str, source: str | None
    ) -> Any:
        """Apply an edit (``content`` values of None delete keys); 400 if nothing changes."""
        markup = _validate_markup(params.get("reply_markup"))
        new_raw = {k: v for k, v in msg.raw.items() if k not in ("reply_markup", "edit_date")}
        new_raw.update(content)
        new_raw = {k: v for k, v in new_raw.items() if v is not None}
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            new_raw["reply_markup"] = markup
        old_cmp = {k: v for k, v in msg.raw.items() if k != "edit_date"}
        source = msg.source if source is None else source
        if new_raw == old_cmp and source == msg.source:
            raise TelegramError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup "
                "are exactly the same as a content and reply markup of the current message",
            )
        new_raw["edit_date"] = int(time.time())
        msg.raw = new_raw
        msg.text = text
        msg.buttons = _buttons(markup)
        msg.edited += 1
        msg.params = params
        msg.source = source
        self.log(msg.chat_id, f"bot edit: {msg}")
        self._emit(msg, text)
        return msg.raw

    async def _edit_message_text(self, call: Call) -> Any:
        params = call.params
        text = _parse_text(params.get("text"), params.get("parse_mode"), _MAX_TEXT, "text")
        if not text.strip():
            raise TelegramError(400, "Bad Request: message text is empty")
        msg = self._target(params, "edit")
        if msg is None:
            return True
        if "text" not in msg.raw:
            raise TelegramError(400, "Bad Request: there is no text in the message to edit")
        content: dict[str, Any] = {"text": text}
        return self._apply_edit(msg, params, content, text, _source(params, "text"))

    async def _edit_message_caption(self, call: Call) -> Any:
        params = call.params
        msg = self._target(params, "edit")
        if msg is None:
            return True
        if "text" in msg.raw:
            raise TelegramError(400, "Bad Request: there is no caption in the message to edit")
        content: dict[str, Any] = {}
        caption = self._caption(params, content)
        content.setdefault("caption", None)
        return self._apply_edit(msg, params, content, caption, _source(params, "caption"))

    async def _edit_message_reply_markup(self, call: Call) -> Any:
        params = call.params
        msg = self._target(params, "edit")
        if msg is None:
            return True
        return self._apply_edit(msg, params, {}, msg.text, None)

    async def _delete_message(self, call: Call) -> Any:
        params = call.params
        msg = self._messages.get((params.get("chat_id"), params.get("message_id")))  # type: ignore[arg-type]
        if msg is not None:
            if msg.deleted:
                raise TelegramError(400, "Bad Request: message to delete not found")
            msg.deleted = True
            self.log(msg.chat_id, f"bot deleted [{msg.message_id}]")
        return True


# ===================================================================== module helpers
def _decode(key: str, value: str) -> Any:
    """Decode a form value: JSON for non-text fields, raw string otherwise."""
    if key in _TEXT_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _attached_filename(ref: Any, names: dict[str, str]) -> str | None:
    if isinstance(ref, str) and ref.startswith("attach://"):
        return names.get(ref.removeprefix("attach://"))
    return None


def _window_check(window: deque[float], rate: float | None, now: float) -> int | None:
    """Sliding-window limiter: ``max(1, int(rate))`` sends per ``capacity / rate`` seconds
    (i.e. a 1-second window for rates >= 1).  Returns retry_after (int >= 1) when exceeded."""
    span = 1.0
    capacity = 0
    if rate is not None:
        capacity = max(1, int(rate)) if rate > 0 else 0
        span = capacity / rate if rate > 0 else 1.0
    while window and window[0] <= now - max(span, 1.0):
        window.popleft()
    if rate is None:
        return None
    recent = [t for t in window if t > now - span]
    if len(recent) >= capacity:
        oldest = recent[0] if recent else now
        return max(1, math.ceil(oldest + span - now))
    return None


def _source(params: dict[str, Any], key: str) -> str:
    return f"{params.get('parse_mode')}|{params.get(key) or ''}"


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _parse_text(value: Any, parse_mode: Any, limit: int, what: str) -> str:
    """Validate (HTML) markup like Telegram and return the plain text; enforce the length limit."""
    if value is None:
        return ""
    text = str(value)
    if parse_mode and str(parse_mode).lower() == "html":
        text = _strip_html(text)
    if _utf16_len(text) > limit:
        raise TelegramError(
            400,
            "Bad Request: message is too long"
            if what == "text"
            else "Bad Request: message caption is too long",
        )
    return text


def _strip_html(source: str) -> str:
    """Check Telegram-HTML and return the plain text (tags removed, entities unescaped)."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while True:
        lt = source.find("<", pos)
        chunk = source[pos:] if lt < 0 else source[pos:lt]
        out.append(chunk)
        if lt < 0:
            break
        offset = len(source[:lt].encode())
        match = _TAG_RE.match(source, lt)
        if match is None:
            raise TelegramError(
                400, f"Bad Request: can't parse entities: Unsupported start tag at byte offset {offset}"
            )
        closing, tag = match.group(1), match.group(2).lower()
        if tag not in _HTML_TAGS:
            raise TelegramError(
                400,
                f'Bad Request: can\'t parse entities: Unsupported start tag "{tag}" at byte offset {offset}',
            )
        if closing:
            if not stack or stack[-1] != tag:
                raise TelegramError(
                    400,
                    f"Bad Request: can't parse entities: Unmatched end tag at byte offset {offset}, "
                    f'expected "</{stack[-1] if stack else ""}>", found "</{tag}>"',
                )
            stack.pop()
        else:
            stack.append(tag)
        pos = match.end()
    if stack:
        raise TelegramError(
            400,
            "Bad Request: can't parse entities: "
            f'Can\'t find end tag corresponding to start tag "{stack[-1]}"',
        )
    return html.unescape("".join(out))


def _validate_markup(markup: Any) -> Any:
    """Check inline keyboard limits (callback_data <= 64 bytes, every button has an action)."""
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        for row in markup["inline_keyboard"]:
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= _MAX_CALLBACK_DATA:
                    raise TelegramError(400, "Bad Request: BUTTON_DATA_INVALID")
                if not str(button.get("text", "")).strip():
                    raise TelegramError(400, "Bad Request: inline keyboard button text is empty")
                if len(button) < 2:  # text only, no action
                    raise TelegramError(
                        400,
                        "Bad Request: can't parse inline keyboard button: "
                        "Text buttons are unallowed in the inline keyboard",
                    )
    return markup


def _buttons(markup: Any) -> list[list[InlineButton]]:
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return []
    return [
        [InlineButton(str(b.get("text", "")), b.get("callback_data"), b.get("url")) for b in row]
        for row in markup["inline_keyboard"]
    ]


def _reply_keyboard(markup: Any) -> list[str] | None:
    if not isinstance(markup, dict) or "keyboard" not in markup:
        return None
    return [str(b["text"]) if isinstance(b, dict) else str(b) for row in markup["keyboard"] for b in row]
