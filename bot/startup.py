"""The start-up check: the first call to Telegram (getMe) tells a refused token from an unreachable API
server, so each ends in one clear line instead of a traceback in the middle of setting up."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)

from bot.config import Settings

log = logging.getLogger(__name__)

# Worth waiting for: no connection, the server's 5xx or flood control, or a page that is not JSON (a
# proxy's 502 while the API behind it is not up yet).
TRANSIENT = (TelegramNetworkError, TelegramServerError, TelegramRetryAfter, ClientDecodeError)
MAX_RETRY_DELAY = 30.0  # seconds between two attempts, at most
ATTEMPT_TIMEOUT = 15  # seconds one getMe may take


class StartupError(Exception):
    """A start-up failure the operator has to fix; its message is the one line the log ends with."""


async def check_bot_api(bot: Bot, settings: Settings) -> None:
    """Ask Telegram who we are. A network that is not up yet is waited for, with backoff, up to
    STARTUP_NETWORK_WAIT seconds; a refused token fails at once. On failure the bot's HTTP session is
    closed here, since the caller never got to start."""
    base = settings.bot_api_base_url
    loop = asyncio.get_running_loop()
    deadline = loop.time() + settings.startup_network_wait
    delay, warned = 1.0, False
    try:
        while True:
            try:
                me = await bot.get_me(request_timeout=ATTEMPT_TIMEOUT)
            except TelegramUnauthorizedError:
                raise StartupError(
                    "Telegram refused the token: check BOT_TOKEN in .env (copy it again from @BotFather)"
                ) from None
            except TRANSIENT as error:
                left = deadline - loop.time()
                if left <= 0:
                    raise StartupError(
                        f"cannot reach {base}: check the network or BOT_API_BASE_URL"
                    ) from None
                if not warned:  # one warning, not one per attempt
                    warned = True
                    log.warning(
                        "cannot reach %s yet (%s); retrying for up to %d s",
                        base,
                        _reason(error, settings),
                        settings.startup_network_wait,
                    )
                pause = max(delay, error.retry_after) if isinstance(error, TelegramRetryAfter) else delay
                await asyncio.sleep(min(pause, left))
                delay = min(delay * 2, MAX_RETRY_DELAY)
            except TelegramAPIError as error:
                raise StartupError(
                    f"{base} did not answer getMe as a Bot API server ({_reason(error, settings)}): "
                    "check BOT_API_BASE_URL"
                ) from None
            else:
                log.info("connected to %s as @%s (id %s)", base, me.username, me.id)
                return
    except BaseException:
        await bot.session.close()
        raise


def _reason(error: Exception, settings: Settings) -> str:
    """The library's message, without the token should an URL ever be quoted in it."""
    text = getattr(error, "message", None) or str(error)
    return text.replace(settings.token, "<BOT_TOKEN>")
