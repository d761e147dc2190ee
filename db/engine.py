"""Engine and session factory. SQLite gets WAL and foreign keys; its transactions take the write lock at
BEGIN (BEGIN IMMEDIATE), so that concurrent writers queue instead of failing half-way, except where the
code says it may run the work again (`deferred_begin`: an update that may only read). PostgreSQL needs
nothing special."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from bot.services.clock import Clock


# Set by code that runs its work again when a deferred transaction meets another writer (the update's
# unit of work, bot/middlewares/db.py): its transactions begin without the write lock.
deferred_begin: ContextVar[bool] = ContextVar("deferred_begin", default=False)


def is_lock_conflict(error: OperationalError) -> bool:
    """SQLite's SQLITE_BUSY family: the write lock was taken, or the snapshot read is out of date."""
    orig = error.orig
    return (
        isinstance(orig, sqlite3.Error)
        and (getattr(orig, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_BUSY
    )


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    parsed = make_url(url)
    # SQL parameters are people's names, birth dates and SNILS: never in a log line (SQLAlchemy logs
    # them at INFO, and quotes them in errors, which may be logged too).
    kwargs.setdefault("hide_parameters", True)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True, **kwargs)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see _on_begin).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL keeps every commit across a crash of the process (kill -9 included) and
        # the database consistent across a power loss, which may undo the last commits; FULL would
        # add an fsync to every commit (about 1.4 ms here, taken under the write lock).
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A deferred transaction that reads and then writes fails at once when another writer got in
        # between; taking the write lock at BEGIN makes concurrent writers wait their turn instead.
        conn.exec_driver_sql("BEGIN" if deferred_begin.get() else "BEGIN IMMEDIATE")

    return engine


@asynccontextmanager
async def deferred_session(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """A session whose transactions begin without SQLite's write lock: for reading (a periodic check
    that finds nothing to do must not queue behind writers), or for work that is run again when a
    write meets another writer (the update's unit of work)."""
    token = deferred_begin.set(True)
    try:
        async with sessionmaker() as session:
            yield session
    finally:
        deferred_begin.reset(token)


def create_sessionmaker(engine: AsyncEngine, clock: Clock) -> async_sessionmaker[AsyncSession]:
    """Sessions carry the application's clock: rows are stamped with its time, never the wall clock's."""
    return async_sessionmaker(engine, expire_on_commit=False, info={"clock": clock})


STAMPED_ON_INSERT = ("created_at", "last_seen_at")


@event.listens_for(Session, "before_flush")
def _stamp_times(session: Session, _context: Any, _instances: Any) -> None:
    """`created_at` (and a user's first `last_seen_at`) of new rows and `updated_at` of changed ones come
    from the session's clock."""
    new = [o for o in session.new if any(hasattr(o, f) for f in (*STAMPED_ON_INSERT, "updated_at"))]
    changed = [o for o in session.dirty if hasattr(o, "updated_at") and session.is_modified(o)]
    if not new and not changed:
        return
    clock = session.info.get("clock")
    if clock is None:
        raise RuntimeError("a session that writes rows needs a clock: create_sessionmaker(engine, clock)")
    now = clock.now()
    for obj in new:
        for name in (*STAMPED_ON_INSERT, "updated_at"):
            if hasattr(obj, name) and getattr(obj, name) is None:
                setattr(obj, name, now)
    for obj in changed:
        obj.updated_at = now
