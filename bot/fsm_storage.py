"""FSM storage in the database, so a half-filled form survives a restart of the bot."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from db.models import FsmRecord

# The update's own session, set by DbSessionMiddleware: a form step and the change it makes commit
# (or roll back) together, and SQLite never sees two writers from one update.
current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)


def _key(key: StorageKey) -> str:
    return ":".join(
        str(part)
        for part in (
            key.bot_id,
            key.chat_id,
            key.user_id,
            key.thread_id,
            key.business_connection_id,
            key.destiny,
        )
    )


async def _record(session: AsyncSession, key: str) -> FsmRecord | None:
    """The form's row, read once per session: kept here (the session's identity map holds unchanged
    rows only weakly), and a missing row is remembered as missing. The person's updates are handled
    one at a time, so nobody else writes his row meanwhile."""
    known: dict[str, FsmRecord | None] = session.info.setdefault("fsm_records", {})
    if key not in known:
        known[key] = await session.get(FsmRecord, key)
    return known[key]


@event.listens_for(Session, "after_soft_rollback")
def _forget_on_rollback(session: Session, _previous: Any) -> None:
    # A rollback expires the rows read and drops the rows added: read the form again.
    session.info.pop("fsm_records", None)


def _add(session: AsyncSession, record: FsmRecord) -> None:
    session.info.setdefault("fsm_records", {})[record.key] = record
    session.add(record)


class DatabaseStorage(BaseStorage):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[AsyncSession]:
        # Reads go through the identity map: the form's row is fetched once per update.
        shared = current_session.get()
        if shared is not None:
            yield shared
            return
        async with self._sessionmaker.begin() as session:
            yield session

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self._session() as session:
            record = await _record(session, _key(key))
            if record is None:
                if value is None:
                    return
                _add(session, FsmRecord(key=_key(key), state=value, data={}))
            elif record.state != value:  # clearing a cleared form writes nothing
                record.state = value

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as session:
            record = await _record(session, _key(key))
            return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        async with self._session() as session:
            record = await _record(session, _key(key))
            if record is None:
                if data:
                    _add(session, FsmRecord(key=_key(key), state=None, data=dict(data)))
            elif record.data != data:
                record.data = dict(data)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as session:
            record = await _record(session, _key(key))
            return dict(record.data) if record else {}

    async def close(self) -> None:
        return None
