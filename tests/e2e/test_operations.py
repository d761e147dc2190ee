"""The real `python -m bot` process as an operator meets it: every start-up failure ends in one log line
and a non-zero exit, an idle bot keeps a quiet log, and `jobs` / `job` run the scheduler's work by hand."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.factory import create_bot
from bot.jobs.registry import JOBS
from bot.startup import check_bot_api
from db.models import LedgerEntry, LedgerKind, Municipality
from tests import factories as make
from tests.conftest import TEST_TOKEN
from tests.e2e.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parents[2]
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00 (INFO|WARNING|ERROR) ")


def example_token() -> str:
    """BOT_TOKEN as .env.example ships it."""
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.startswith("BOT_TOKEN="):
            return line.removeprefix("BOT_TOKEN=")
    raise AssertionError(".env.example has no BOT_TOKEN line")


@pytest.fixture
def cli_env(tmp_path: Path, db_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": db_url,
        "BOT_TOKEN": TEST_TOKEN,
        "BOT_API_BASE_URL": "http://127.0.0.1:1",
        "ADMIN_IDS": "",
        "REDIS_URL": "",
        "STARTUP_NETWORK_WAIT": "3",
    }


Cli = Callable[..., Awaitable[tuple[int, str, str]]]


@pytest.fixture
def cli(cli_env: dict[str, str], tmp_path: Path) -> Cli:
    async def run(*args: str, **env: str) -> tuple[int, str, str]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            cwd=tmp_path,  # no .env there: the environment is all it reads
            env={**cli_env, **env},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
        assert proc.returncode is not None
        return proc.returncode, out.decode(), err.decode()

    return run


def one_line_failure(stderr: str, expected: str) -> None:
    """The run ends in exactly one ERROR line saying `expected`, with no traceback or aiohttp leak."""
    lines = stderr.strip().splitlines()
    errors = [line for line in lines if " ERROR " in line]
    assert len(errors) == 1 and errors == lines[-1:], stderr
    assert expected in errors[0] and TIMESTAMP.match(errors[0]), stderr
    assert "Traceback" not in stderr and "Unclosed" not in stderr, stderr


async def test_the_example_token_is_refused_before_any_network(cli: Cli) -> None:
    code, _, err = await cli(BOT_TOKEN=example_token())
    assert code == 2
    one_line_failure(err, "put your token from @BotFather in .env")


@pytest.fixture
async def refusing_api() -> AsyncIterator[str]:
    """A Bot API server that refuses every token, as Telegram answers a revoked one."""

    async def refuse(request: web.Request) -> web.Response:
        return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", refuse)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


async def test_a_refused_token_ends_in_one_line(cli: Cli, refusing_api: str) -> None:
    code, _, err = await cli(BOT_API_BASE_URL=refusing_api)
    assert code == 1
    one_line_failure(err, "Telegram refused the token")


async def test_an_unreachable_api_is_retried_then_named(cli: Cli) -> None:
    """Connections are cut at once (the network is not up): the bot keeps trying for
    STARTUP_NETWORK_WAIT seconds with backoff, then names the URL it could not reach."""
    attempts = 0

    async def cut(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal attempts
        attempts += 1
        writer.close()

    server = await asyncio.start_server(cut, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    async with server:
        code, _, err = await cli(BOT_API_BASE_URL=url, STARTUP_NETWORK_WAIT="3")
    assert code == 1
    one_line_failure(err, f"cannot reach {url}: check the network or BOT_API_BASE_URL")
    assert attempts >= 3  # at 0, 1 and 3 s
    assert err.count(" WARNING ") == 1 and "retrying for up to 3 s" in err, err


async def test_a_bot_waits_for_the_network_to_come_up(settings: Settings) -> None:
    """The Bot API server answers 502 twice (a proxy before the network is up), then works: the start-up
    check waits for it instead of giving up."""
    answers = 0

    async def flaky(request: web.Request) -> web.Response:
        nonlocal answers
        answers += 1
        if answers <= 2:
            return web.Response(status=502, text="Bad Gateway")
        user = {"id": 123456, "is_bot": True, "first_name": "Test Bot", "username": "dop_edu_test_bot"}
        return web.json_response({"ok": True, "result": user})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", flaky)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    patient = settings.model_copy(update={"bot_api_base_url": url, "startup_network_wait": 30})
    bot = create_bot(patient)
    try:
        await check_bot_api(bot, patient)
    finally:
        await bot.session.close()
        await runner.cleanup()
    assert answers == 3


async def test_nothing_listening_is_unreachable_too(cli: Cli) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, _, err = await cli(BOT_API_BASE_URL=f"http://127.0.0.1:{port}", STARTUP_NETWORK_WAIT="0")
    assert code == 1
    one_line_failure(err, f"cannot reach http://127.0.0.1:{port}")


async def test_an_idle_bot_keeps_a_quiet_log(
    fake_api: FakeBotAPI, cli_env: dict[str, str], tmp_path: Path
) -> None:
    """Once started, the bot writes nothing while nobody talks to it: not the scheduler's runs of the
    broadcast progress (every 3 s), nor anything else, over a whole long poll (10 s)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env={**cli_env, "BOT_API_BASE_URL": fake_api.base_url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    lines: list[str] = []

    async def read() -> None:
        assert proc.stdout is not None
        async for line in proc.stdout:
            lines.append(line.decode().rstrip("\n"))

    async def polls(count: int, within: float) -> None:
        """Until the fake has been asked for updates `count` times in all (a long poll lasts 10 s)."""
        for _ in range(int(within / 0.05)):
            if len(fake_api.calls_of("getUpdates")) >= count or proc.returncode is not None:
                break
            await asyncio.sleep(0.05)
        assert proc.returncode is None, "\n".join(lines)
        assert len(fake_api.calls_of("getUpdates")) >= count, "\n".join(lines)

    reader = asyncio.create_task(read())
    try:
        await polls(2, within=60)  # the first long poll came back empty: started
        started = list(lines)
        await polls(3, within=30)  # another whole long poll, idle
        idle = lines[len(started) :]
    finally:
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), timeout=30)
        await reader
    assert any("Start polling" in line for line in started), started
    assert all(TIMESTAMP.match(line) for line in started), started  # one zone, shown
    assert idle == [], idle
    assert proc.returncode == 0, lines[-20:]


async def test_jobs_lists_every_job_with_its_runs(cli: Cli) -> None:
    code, out, _ = await cli("jobs")
    assert code == 0
    for name in JOBS:
        assert re.search(rf"^{name}: .+\n    .+ · last run .+ · next run .+$", out, re.M), out
    assert re.search(
        r"^    on the 1st at 03:00, and at start · last run never · next run \d{4}-\d\d-01 03:00", out, re.M
    )


async def test_the_writeoff_by_hand_charges_a_month_once(
    cli: Cli, session: AsyncSession, municipality: Municipality
) -> None:
    family = await make.user(session)
    paid = await make.paid(session, municipality, family.id, starts_on=date(2026, 9, 1))
    await session.commit()
    enrollment_id = paid.enrollment.id

    async def ledger() -> tuple[int, int]:
        charged = await session.scalar(
            select(func.count()).where(
                LedgerEntry.enrollment_id == enrollment_id,
                LedgerEntry.kind == LedgerKind.WRITEOFF,
                LedgerEntry.month == date(2026, 10, 1),
            )
        )
        total = await session.scalar(select(func.count()).select_from(LedgerEntry))
        await session.rollback()  # the next read sees what the CLI committed
        return charged or 0, total or 0

    before = await ledger()
    code, first, err = await cli("job", "money-writeoff", "--month", "2026-10")
    assert code == 0, err
    assert "2026-10 written off: 1 enrollments charged" in first and "ledger entries added: 1" in first
    after_first = await ledger()
    assert after_first == (1, before[1] + 1)

    code, second, err = await cli("job", "money-writeoff", "--month", "2026-10")
    assert code == 0, err
    assert "nothing to do" in second and "ledger entries added: 0" in second
    assert await ledger() == after_first

    # As scheduled (whatever month fell due by today's date): the second run finds nothing to do.
    code, _, err = await cli("job", "money-writeoff")
    assert code == 0, err
    code, again, err = await cli("job", "money-writeoff")
    assert code == 0 and "money-writeoff: nothing to do" in again and "ledger entries added: 0" in again, err

    code, listing, _ = await cli("jobs")
    assert re.search(r"^    on the 1st.* · last run \d{4}-\d\d-\d\d \d\d:\d\d", listing, re.M), listing


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("job", "money-writeof"), "no job named 'money-writeof': `./run.sh jobs` lists them"),
        (("job", "money-writeoff", "--month", "10.2026"), "--month must be YYYY-MM"),
        (("job", "money-writeoff", "--month", "9999-01"), "9999-01 is not due yet"),
        (("job", "money-rollover", "--month", "2026-10"), "money-rollover takes no --month"),
        (("jobz",), "invalid choice: 'jobz'"),
    ],
)
async def test_a_bad_job_command_is_one_line_and_exit_2(cli: Cli, args: tuple[str, ...], says: str) -> None:
    code, out, err = await cli(*args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("./run.sh") and says in err, err
