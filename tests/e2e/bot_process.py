"""The real `python -m bot` process against the fake Bot API: started, stopped with a signal, or killed."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from types import TracebackType

from tests.conftest import TEST_TOKEN
from tests.e2e.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parents[2]


class BotProcess:
    def __init__(
        self, fake: FakeBotAPI, database_url: str, workdir: Path, *, admin_ids: list[int] | None = None
    ) -> None:
        self.fake = fake
        self.workdir = workdir
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "BOT_TOKEN": TEST_TOKEN,
            "BOT_API_BASE_URL": fake.base_url,
            "DATABASE_URL": database_url,
            "ADMIN_IDS": ",".join(str(i) for i in admin_ids or []),
            "REDIS_URL": "",
        }
        self.proc: asyncio.subprocess.Process | None = None
        self.output = b""

    async def run_cli(self, *args: str) -> str:
        """A one-off command (`demo`, `invite …`) to its end; its output."""
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *args, cwd=self.workdir, env=self.env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        out, _ = await asyncio.wait_for(proc.communicate(), timeout=120)
        assert proc.returncode == 0, out.decode()[-2000:]
        return out.decode()

    async def start(self) -> None:
        """Start the bot and wait for its first long poll."""
        polls = len(self.fake.calls_of("getUpdates"))
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=self.workdir, env=self.env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 60
        while len(self.fake.calls_of("getUpdates")) == polls:
            if self.proc.returncode is not None or loop.time() > deadline:
                await self.wait_exit()
                raise AssertionError("the bot did not start polling:\n" + self.log[-2000:])
            await asyncio.sleep(0.05)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)

    async def wait_exit(self, seconds: float = 30) -> int:
        assert self.proc is not None
        out, _ = await asyncio.wait_for(self.proc.communicate(), timeout=seconds)
        self.output += out
        assert self.proc.returncode is not None
        return self.proc.returncode

    @property
    def log(self) -> str:
        return self.output.decode(errors="replace")

    async def __aenter__(self) -> BotProcess:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.kill()
            await self.wait_exit()
