#!/usr/bin/env python3
"""Times entente binaries taking turns on one corpus, to compare them.

Usage: benches/take_turns.py ROUNDS CORPUS THREADS BINARY...

Each round runs `BINARY graph -q --threads THREADS --format json CORPUS`
once per binary, in turn (the order reversed every other round), and
records the wall time and the CPU time (user + system) of each run. The
speed of this machine drifts from one minute to the next, so a binary is
compared with the first one round by round: the table gives the median of
those per-round ratios, and the ratio of the two fastest runs, for the
wall clock and for CPU time. A ratio above 1 means faster than the first.
"""

import resource
import statistics
import subprocess
import sys
import time


def timed_run(binary, corpus, threads):
    """Wall and CPU seconds of one `graph` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [binary, "graph", "-q", "--threads", threads, "--format", "json", corpus],
        stdout=subprocess.DEVNULL,
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    rounds, corpus, threads, binaries = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    wall = {b: [] for b in binaries}
    cpu = {b: [] for b in binaries}
    for r in range(rounds):
        for binary in binaries if r % 2 == 0 else reversed(binaries):
            w, c = timed_run(binary, corpus, threads)
            wall[binary].append(w)
            cpu[binary].append(c)
    first = binaries[0]
    print(f"{'binary':40} {'wall s':>8} {'CPU s':>8} {'wall x':>7} {'fastest':>8} {'CPU x':>7} {'fastest':>8}")
    for binary in binaries:
        wall_ratio = statistics.median(a / b for a, b in zip(wall[first], wall[binary]))
        cpu_ratio = statistics.median(a / b for a, b in zip(cpu[first], cpu[binary]))
        print(
            f"{binary[-40:]:40} {statistics.median(wall[binary]):8.3f} "
            f"{statistics.median(cpu[binary]):8.3f} {wall_ratio:7.3f} "
            f"{min(wall[first]) / min(wall[binary]):8.3f} {cpu_ratio:7.3f} "
            f"{min(cpu[first]) / min(cpu[binary]):8.3f}"
        )


if __name__ == "__main__":
    main()
