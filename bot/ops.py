"""Operator commands for the scheduler: `./run.sh jobs` lists the jobs with their last and next run,
`./run.sh job <name> [--month YYYY-MM]` runs one now through the same code as the scheduled run."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.jobs.context import JobContext
from bot.jobs.registry import JOBS, Every, Job, last_runs, run_job
from bot.jobs.scheduler import next_run
from bot.services.clock import Clock
from bot.services.money.writeoffs import due_month, slot
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade
from db.models import LedgerEntry, OutboxMessage

# Jobs run by hand only queue messages (the running bot's sender delivers them) and never call Telegram,
# so without a BOT_TOKEN the CLI's bot gets one that is never used. broadcast-progress edits messages.
UNUSED_TOKEN = "0:no-token-needed"
NEEDS_TOKEN = frozenset({"broadcast-progress"})


class UsageError(Exception):
    """A bad job name or month: one line for the operator, exit status 2."""


def parse_month(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise UsageError(f"--month must be YYYY-MM, e.g. 2026-10, not {text!r}") from None


def _when(moment: datetime | None, tz: ZoneInfo) -> str:
    return f"{moment.astimezone(tz):%Y-%m-%d %H:%M %Z}" if moment is not None else "never"


async def list_jobs(settings: Settings) -> str:
    await upgrade(settings.database_url)
    clock = Clock(settings.tz)
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine, clock)() as session:
            last = await last_runs(session)
    finally:
        await engine.dispose()
    tz, now = settings.tz, clock.now()
    lines = []
    for job in JOBS.values():
        if isinstance(job.schedule, Every):
            upcoming = "while the bot runs"
        else:
            upcoming = _when(next_run(job, tz, now), tz)
        ran = _when(last.get(job.name), tz) if job.records_runs else "not recorded"
        lines += [
            f"{job.name}: {job.about}",
            f"    {job.schedule} · last run {ran} · next run {upcoming}",
        ]
    lines.append("Run one now: ./run.sh job <name> (money-writeoff takes --month YYYY-MM).")
    return "\n".join(lines)


def find_job(name: str) -> Job:
    if name not in JOBS:
        raise UsageError(f"no job named {name!r}: `./run.sh jobs` lists them ({', '.join(JOBS)})")
    return JOBS[name]


async def run_one(settings: Settings, name: str, month_text: str | None) -> str:
    """Run one job now and say what it did, counted in the database."""
    job = find_job(name)
    clock = Clock(settings.tz)
    month = parse_month(month_text) if month_text is not None else None
    if month is not None:
        if not job.takes_month:
            raise UsageError(f"{name} takes no --month (only money-writeoff does)")
        if month > due_month(clock.local_now()):
            raise UsageError(f"{slot(month)} is not due yet: the write-off runs after the month ends")
    if name in NEEDS_TOKEN and settings.bot_token is None:
        raise UsageError(f"{name} edits messages in Telegram: set BOT_TOKEN in .env")

    from bot.delivery.sender import Sender
    from bot.factory import create_bot
    from bot.i18n import load_core

    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    sessionmaker = create_sessionmaker(engine, clock)
    if settings.bot_token is None:
        settings = settings.model_copy(update={"bot_token": SecretStr(UNUSED_TOKEN)})
    bot = create_bot(settings)
    try:
        core = await load_core(settings.default_locale)
        sender = Sender(bot, sessionmaker, core, settings, clock)
        ctx = JobContext(settings, bot, sessionmaker, core, clock, sender)
        async with sessionmaker() as session:
            before = await _counts(session)
        summary = await run_job(job, ctx, month)
        async with sessionmaker() as session:
            after = await _counts(session)
    finally:
        await bot.session.close()
        await engine.dispose()
    ledger, queued = (a - b for a, b in zip(after, before, strict=True))
    return (
        f"{name}: {summary or 'nothing to do'}\n"
        f"ledger entries added: {ledger}; messages queued: {queued}"
        + (" (the running bot sends them)" if queued else "")
    )


async def _counts(session: AsyncSession) -> tuple[int, int]:
    ledger = await session.scalar(select(func.count()).select_from(LedgerEntry))
    queued = await session.scalar(select(func.count()).select_from(OutboxMessage))
    return ledger or 0, queued or 0
