"""`./run.sh` runs the bot; `./run.sh demo` loads demo data; `./run.sh invite provider|staff <id>` prints a
one-time invite link; `./run.sh jobs` lists the scheduled jobs; `./run.sh job <name>` runs one now."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from typing import NoReturn

from pydantic import ValidationError

from bot.config import PLACEHOLDER_TOKEN, Settings
from bot.logs import setup_logging
from bot.services.clock import Clock

PROG = "./run.sh"  # what people type: the script makes the virtualenv, then runs `python -m bot`
log = logging.getLogger("bot")


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line, not the usage block: what is wrong and where to look."""
        self.exit(2, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def _fail(message: str, status: int = 2) -> NoReturn:
    log.error("Cannot start: %s", message)
    raise SystemExit(status)


def _settings(require_token: bool) -> Settings:
    try:
        settings = Settings()
    except ValidationError as error:
        _fail(
            "; ".join(
                f"{'.'.join(str(p) for p in e['loc']).upper() or 'settings'}: "
                + ("is not set (put it in .env or the environment)" if e["type"] == "missing" else e["msg"])
                for e in error.errors()
            )
            + ". See .env.example."
        )
    if require_token and settings.bot_token is None:
        _fail("BOT_TOKEN is not set (put it in .env or the environment). See .env.example.")
    if require_token and settings.token == PLACEHOLDER_TOKEN:
        _fail("put your token from @BotFather in .env (BOT_TOKEN still holds the example from .env.example)")
    return settings


async def _run(settings: Settings) -> None:
    from bot.app import App

    await App(settings).run()


async def _demo(settings: Settings) -> None:
    from bot.demo import load_demo
    from db.engine import create_engine, create_sessionmaker
    from db.migrate import upgrade

    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine, Clock(settings.tz)).begin() as session:
            summary = await load_demo(session)
    finally:
        await engine.dispose()
    print(summary)


async def _invite(settings: Settings, role: str, target_id: int) -> None:
    from bot.services.accounts import invites
    from bot.services.errors import NotFound
    from db.engine import create_engine, create_sessionmaker
    from db.migrate import upgrade
    from db.models import Role

    await upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        clock = Clock(settings.tz)
        async with create_sessionmaker(engine, clock).begin() as session:
            code = await invites.create_invite(
                session, role=Role(role), target_id=target_id, created_by=None, now=clock.now()
            )
    except NotFound:
        print(f"No {role} target with id {target_id}: see `{PROG} demo` output.", file=sys.stderr)
        raise SystemExit(1) from None
    finally:
        await engine.dispose()
    print(f"/start {code}")
    link = await _deep_link(settings, code) if settings.bot_token is not None else None
    if link:
        print(link)
    print("One-time invite, valid 7 days: open the link, or send the /start line to the bot.")


async def _deep_link(settings: Settings, code: str) -> str | None:
    """The t.me link needs the bot's username; offline or with a test token the /start line is enough."""
    from bot.factory import create_bot
    from bot.services.accounts import invites

    bot = create_bot(settings)
    try:
        me = await asyncio.wait_for(bot.get_me(), timeout=5)
    except Exception:
        return None
    finally:
        await bot.session.close()
    return invites.deep_link(me.username or "", code)


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog=PROG, description=__doc__)
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    sub.add_parser("run", help="apply migrations and run the bot (the default)")
    sub.add_parser("demo", help="load the demo data set (idempotent)")
    invite = sub.add_parser("invite", help="print a one-time invite link")
    invite.add_argument("role", choices=["provider", "staff"])
    invite.add_argument("target_id", type=int, help="provider id or municipality id")
    sub.add_parser("jobs", help="list the scheduled jobs with their last and next run")
    job = sub.add_parser("job", help="run one scheduled job now (idempotent, like its scheduled run)")
    job.add_argument("name", help="a name from `./run.sh jobs`")
    job.add_argument("--month", help="YYYY-MM: the month to write off (money-writeoff only)")
    return parser


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    running = args.command in (None, "run")
    # The bot logs what it does; the other commands print their result and log only what went wrong.
    setup_logging(logging.INFO if running else logging.WARNING)
    settings = _settings(require_token=running)
    if running:
        setup_logging(settings.log_level)
    if args.command == "demo":
        asyncio.run(_demo(settings))
    elif args.command == "invite":
        asyncio.run(_invite(settings, args.role, args.target_id))
    elif args.command in ("jobs", "job"):
        _jobs(settings, args)
    else:
        from bot.startup import StartupError

        try:
            asyncio.run(_run(settings))
        except StartupError as error:
            _fail(str(error), status=1)


def _jobs(settings: Settings, args: argparse.Namespace) -> None:
    from bot import ops

    try:
        if args.command == "jobs":
            print(asyncio.run(ops.list_jobs(settings)))
        else:
            print(asyncio.run(ops.run_one(settings, args.name, args.month)))
    except ops.UsageError as error:
        print(f"{PROG} job: {error}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
