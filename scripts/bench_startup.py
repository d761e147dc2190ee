"""Benchmark (not a test): how long the bot takes from launch to its first long poll, and how much
memory it holds idle, beside bare aiogram (scripts/bare_bot.py) measured in the same run.

    python scripts/bench_startup.py [--runs 3] [--idle 2]

Each run launches `python -m bot` (with a fresh copy of an already migrated SQLite database) and the
bare bot, one after the other, against the fake Bot API of the test suite in this process. Launch to
first poll: from starting the process until its first getUpdates reaches the fake. Idle RSS: VmRSS of
/proc/<pid>/status --idle seconds after that poll. Prints the median of the runs and the targets of
issue 10: idle RSS <= bare + 50 MiB, launch to first poll <= bare + 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_updates import ROOT, BenchAPI, bot_env, launch, terminate

from db.migrate import upgrade

RSS_MARGIN_MIB = 50
START_MARGIN_S = 2.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process so far: the launch's cost whatever the machine's load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


async def measure(
    api: BenchAPI, argv: list[str], env: dict[str, str], cwd: str, log: Path, idle: float
) -> tuple[float, float, float]:
    process, to_poll = await launch(api, argv, env, cwd, log)
    try:
        cpu = cpu_seconds(process.pid)
        await asyncio.sleep(idle)  # idle: nobody writes to the bot
        return to_poll, rss_mib(process.pid), cpu
    finally:
        await terminate(process)


async def bench(runs: int, idle: float) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        template = Path(tmp) / "migrated.db"
        await upgrade(f"sqlite+aiosqlite:///{template}")
        log = Path(tmp) / "bots.log"
        api = BenchAPI()
        await api.start()
        figures: dict[str, list[tuple[float, float, float]]] = {"bare": [], "ours": []}
        try:
            for run in range(runs):
                database = Path(tmp) / f"run{run}.db"
                shutil.copy(template, database)
                env = bot_env(api.base_url, f"sqlite+aiosqlite:///{database}")
                commands = {
                    "bare": [sys.executable, str(ROOT / "scripts" / "bare_bot.py")],
                    "ours": [sys.executable, "-m", "bot"],
                }
                order = ["bare", "ours"] if run % 2 == 0 else ["ours", "bare"]
                for name in order:
                    api.drop_pending()
                    to_poll, rss, cpu = await measure(api, commands[name], env, tmp, log, idle)
                    figures[name].append((to_poll, rss, cpu))
                    print(
                        f"run {run + 1} {name:<4}: first poll {to_poll:5.2f} s ({cpu:5.2f} s of CPU), "
                        f"idle RSS {rss:6.1f} MiB"
                    )
        finally:
            await api.stop()

    def median(name: str, index: int) -> float:
        return statistics.median(f[index] for f in figures[name])

    start_bare, start_ours = median("bare", 0), median("ours", 0)
    rss_bare, rss_ours = median("bare", 1), median("ours", 1)
    print()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; "
        f"Python {platform.python_version()}; median of {runs} runs"
    )
    print(f"{'':<22} {'bare':>8} {'ours':>8} {'ours-bare':>10} {'target':>10}")
    for label, bare, ours, margin, unit in (
        ("launch to first poll", start_bare, start_ours, START_MARGIN_S, "s"),
        ("idle RSS", rss_bare, rss_ours, RSS_MARGIN_MIB, "MiB"),
    ):
        verdict = "ok" if ours - bare <= margin else "MISSED"
        print(
            f"{label + ', ' + unit:<22} {bare:>8.1f} {ours:>8.1f} {ours - bare:>+10.1f} "
            f"{'<= +' + format(margin, 'g'):>10} {verdict}"
        )
    cpu_bare, cpu_ours = median("bare", 2), median("ours", 2)
    print(
        f"{'CPU to first poll, s':<22} {cpu_bare:>8.1f} {cpu_ours:>8.1f} {cpu_ours - cpu_bare:>+10.1f} "
        f"{'(the launch without the wait for a busy CPU)':>10}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--idle", type=float, default=2.0, help="seconds after the first poll to read RSS")
    args = parser.parse_args()
    asyncio.run(bench(args.runs, args.idle))


if __name__ == "__main__":
    main()
