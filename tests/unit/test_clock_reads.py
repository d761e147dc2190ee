"""Business code takes time from the injected Clock: a read of the system clock anywhere else in the bot
breaks the tests that move the clock (and did, on 2026-11-23)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WALL_CLOCK = re.compile(r"\b(datetime\.(now|utcnow|today)|date\.today|time\.time)\(")
ALLOWED = {ROOT / "bot" / "services" / "clock.py"}


def wall_clock_reads(*packages: str) -> list[str]:
    found = []
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path in ALLOWED:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if WALL_CLOCK.search(line.split("#", 1)[0]):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_only_the_clock_module_reads_the_system_clock() -> None:
    assert wall_clock_reads("bot", "db") == []


def test_the_check_sees_a_wall_clock_read(tmp_path: Path) -> None:
    for line in ("x = datetime.now(UTC)", "d = date.today()", "t = time.time()", "y = datetime.utcnow()"):
        assert WALL_CLOCK.search(line), line
    for line in ("now = clock.now()", "today = clock.today()", "t = time.monotonic()"):
        assert not WALL_CLOCK.search(line), line
