"""Settings from the environment or `.env` (see README and .env.example)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
OFFICIAL_API = "https://api.telegram.org"
PLACEHOLDER_TOKEN = "123456789:replace-with-your-token-from-BotFather"  # the example in .env.example


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None  # required to run; `demo` works without it
    bot_api_base_url: str = OFFICIAL_API
    database_url: str = "sqlite+aiosqlite:///data/bot.db"
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    timezone: str = "Europe/Moscow"
    redis_url: str | None = None
    default_locale: str = "ru"
    # How much the running bot logs. No level shows personal data (bot/logs.py, db/engine.py).
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # How long a starting bot waits for the Bot API server to become reachable (network not up yet).
    startup_network_wait: float = Field(default=180.0, ge=0)

    # Delivery (the outbox sender): Telegram allows ~30 msg/s overall and ~1 msg/s per chat.
    send_rate_per_second: float = 25.0
    send_per_chat_interval: float = 1.0
    send_max_attempts: int = 5
    # On SIGTERM, how long updates being handled may take to finish before the bot shuts down.
    shutdown_grace_seconds: float = 10.0
    quiet_hours_start: int = 22
    quiet_hours_end: int = 8
    # The Concept's coverage targets, percent of children aged 5–18 holding a certificate.
    coverage_targets: Annotated[list[Decimal], NoDecode] = Field(
        default_factory=lambda: [Decimal(5), Decimal(27)]
    )

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if not TOKEN_RE.match(value.get_secret_value().strip()):
            raise ValueError(
                "BOT_TOKEN looks malformed: expected digits, a colon and the secret from @BotFather"
            )
        return SecretStr(value.get_secret_value().strip())

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not all(re.fullmatch(r"-?[0-9]+", p) for p in parts):
                raise ValueError("ADMIN_IDS must be comma-separated Telegram user ids, e.g. 12345,67890")
            return [int(p) for p in parts]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        ZoneInfo(value)
        return value

    @field_validator("coverage_targets", mode="before")
    @classmethod
    def _targets(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                value = [Decimal(p.strip()) for p in value.split(",") if p.strip()]
            except ArithmeticError as error:
                raise ValueError("COVERAGE_TARGETS must be percents, e.g. 5,27") from error
        return value

    @field_validator("coverage_targets")
    @classmethod
    def _targets_range(cls, value: list[Decimal]) -> list[Decimal]:
        if not value or any(not 0 < t <= 100 for t in value):
            raise ValueError("COVERAGE_TARGETS must be percents in (0, 100], e.g. 5,27")
        return sorted(value)

    @field_validator("bot_api_base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("redis_url", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return value or None

    @property
    def token(self) -> str:
        if self.bot_token is None:
            raise ValueError("BOT_TOKEN is not set")
        return self.bot_token.get_secret_value()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
