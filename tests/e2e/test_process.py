"""The real `python -m bot` process: long polling over HTTP against the fake Bot API, graceful stop,
and no personal data in its logs."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

from tests.conftest import TEST_TOKEN
from tests.e2e.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parents[2]


async def test_bot_process_serves_users_and_logs_no_personal_data(
    fake_api: FakeBotAPI, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "BOT_TOKEN": TEST_TOKEN,
        "BOT_API_BASE_URL": fake_api.base_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        "ADMIN_IDS": "",
        "REDIS_URL": "",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        for _ in range(300):
            if fake_api.calls_of("getUpdates") or proc.returncode is not None:
                break
            await asyncio.sleep(0.1)
        assert proc.returncode is None, "the bot process exited at start"
        parent = fake_api.user(8101)
        await parent.send("/start")
        await parent.wait_reply("Здравствуйте", timeout=20)
        await parent.send("Иванова Мария Петровна 05.03.2015 СНИЛС 112-233-445 95")
        await parent.wait_reply("/help", timeout=20)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    logs = (out + err).decode()
    assert proc.returncode == 0, logs[-2000:]
    assert "is handled" in logs  # the log is there, and it holds ids and timings only
    for secret in ("Иванова", "Мария", "05.03.2015", "112-233-445", TEST_TOKEN.split(":")[1]):
        assert secret not in logs


async def test_cli_loads_the_demo_once_and_prints_invites(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "BOT_TOKEN": "",
    }

    async def run(*args: str) -> tuple[int, str]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        out, _ = await asyncio.wait_for(proc.communicate(), timeout=120)
        assert proc.returncode is not None
        return proc.returncode, out.decode()

    code, first = await run("demo")
    assert code == 0 and "Municipalities" in first and "Added now: 0 programs" not in first
    code, second = await run("demo")
    assert code == 0 and "Added now: 0 programs, 0 events" in second
    code, staff = await run("invite", "staff", "1")
    assert code == 0 and re.search(r"^/start inv_[\w-]+$", staff, re.M), staff
    code, missing = await run("invite", "provider", "9999")
    assert code == 1 and "No provider" in missing
