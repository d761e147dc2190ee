"""`python -m bot` runs the bot; `python -m bot demo` loads demo data;
`python -m bot invite provider|staff <id>` prints a one-time invite link."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from pydantic import ValidationError

from bot.config import Settings
from bot.services.clock import Clock


def _settings(require_token: bool) -> Settings:
    try:
        settings = Settings()
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']).upper() or 'settings'}: "
            + ("is not set (put it in .env or the environment)" if e["type"] == "missing" else e["msg"])
            for e in error.errors()
        )
        print(f"Cannot start: {problems}. See .env.example.", file=sys.stderr)
        raise SystemExit(2) from None
    if require_token and settings.bot_token is None:
        print(
            "Cannot start: BOT_TOKEN is not set (put it in .env or the environment). See .env.example.",
            file=sys.stderr,
        )
        raise SystemExit(2)
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
    from bot.services import invites
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
        print(f"No {role} target with id {target_id}: see `python -m bot demo` output.", file=sys.stderr)
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
    from bot.services import invites

    bot = create_bot(settings)
    try:
        me = await asyncio.wait_for(bot.get_me(), timeout=5)
    except Exception:
        return None
    finally:
        await bot.session.close()
    return invites.deep_link(me.username or "", code)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="apply migrations and run the bot (the default)")
    sub.add_parser("demo", help="load the demo data set (idempotent)")
    invite = sub.add_parser("invite", help="print a one-time invite link")
    invite.add_argument("role", choices=["provider", "staff"])
    invite.add_argument("target_id", type=int, help="provider id or municipality id")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    settings = _settings(require_token=args.command in (None, "run"))
    if args.command == "demo":
        asyncio.run(_demo(settings))
    elif args.command == "invite":
        asyncio.run(_invite(settings, args.role, args.target_id))
    else:
        asyncio.run(_run(settings))


if __name__ == "__main__":
    main()
