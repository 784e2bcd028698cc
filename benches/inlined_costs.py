#!/usr/bin/env python3
"""Costs of a callgrind profile, charged to entente's own functions.

Usage: benches/inlined_costs.py PROFILE BINARY [--lines] [--top N]

With fat LTO most of the extractor is inlined into a few big functions
(`relate_sentence`, `find_into`, `Extractor::extract`), so callgrind's own
tables say little about which of our functions the time goes to, and
charge what std code does (slice iteration, comparisons) to std's source
files. This script reads a profile made with `--dump-instr=yes`, asks
`addr2line -i` for the chain of inlined frames at each instruction of
BINARY, and charges the instruction's costs to the innermost frame in our
`src/` (with `--lines`, to its line). The events are those the profile
has: with `--branch-sim=yes`, Bcm and Bim are the mispredicted conditional
and indirect branches.

Make the profile of the worker thread like this:

    valgrind --tool=callgrind --separate-threads=yes --dump-instr=yes \\
        --branch-sim=yes --callgrind-out-file=cg \\
        target/release/entente graph -q --threads 1 --format json CORPUS
    benches/inlined_costs.py cg-02 target/release/entente

Costs of calls (callgrind's inclusive `calls=` lines) are left out, so every
instruction is counted once, where it runs. Code of other libraries (libc's
memcpy) is not in BINARY and not counted.
"""

import argparse
import collections
import re
import subprocess
from pathlib import Path

# Our sources, as the binary's debug information names them.
SOURCES = str(Path(__file__).resolve().parent.parent / "src") + "/"


def position(token, previous):
    """A callgrind position: absolute, relative (+n, -n) or the same (*)."""
    if token == "*":
        return previous
    if token[0] in "+-":
        return previous + int(token, 0)
    return int(token, 0)


def costs_by_address(profile, binary):
    """Self costs per instruction address of `binary`, and the event names."""
    names = {}
    current = None
    events = []
    costs = collections.defaultdict(lambda: [0] * len(events))
    address = line = 0
    after_call = False
    with open(profile) as f:
        for text in f:
            if text.startswith("events:"):
                events = text.split()[1:]
            elif text.startswith(("ob=", "cob=")):
                m = re.match(r"c?ob=\((\d+)\)(?: (.*))?", text.strip())
                if m.group(2):
                    names[m.group(1)] = m.group(2)
                if text.startswith("ob="):
                    current = names.get(m.group(1))
            elif text.startswith("calls="):
                after_call = True
            elif text[:1].isdigit() or text[:1] in ("+", "-", "*"):
                fields = text.split()
                address = position(fields[0], address)
                line = position(fields[1], line)
                if after_call:
                    after_call = False
                elif current == binary:
                    for i, value in enumerate(fields[2:]):
                        costs[address][i] += int(value)
    return costs, events


def own_frames(binary, addresses):
    """The innermost frame in our `src/` at each address, as (file, function, line)."""
    out = subprocess.run(
        ["addr2line", "-a", "-i", "-f", "-C", "-e", binary],
        input="\n".join(hex(a) for a in addresses),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    # Each address is printed, then its frames, innermost first: a line
    # with the function, a line with the file and line number.
    frames = {}
    address = None
    i = 0
    while i < len(out):
        if re.fullmatch(r"0x[0-9a-f]+", out[i]):
            address = int(out[i], 16)
            i += 1
            continue
        if i + 1 >= len(out):
            break
        function, place = out[i], out[i + 1]
        i += 2
        if address not in frames and place.startswith(SOURCES):
            file, _, line = place[len(SOURCES) :].partition(":")
            name = re.sub(r"<.*?>", "", function.split("(")[0]).split("::")[-1]
            frames[address] = (file, name, line.split(" ")[0])
    return frames


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("profile")
    parser.add_argument("binary")
    parser.add_argument("--lines", action="store_true", help="charge to lines, not functions")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    costs, events = costs_by_address(args.profile, args.binary)
    frames = own_frames(args.binary, sorted(costs))
    totals = collections.defaultdict(lambda: [0] * len(events))
    for address, values in costs.items():
        file, name, line = frames.get(address, ("?", "(not our code)", "?"))
        key = f"{file}:{name}" + (f":{line}" if args.lines else "")
        for i, value in enumerate(values):
            totals[key][i] += value
    grand = [sum(v[i] for v in totals.values()) or 1 for i in range(len(events))]
    print(f"{'':48}" + "".join(f"{e:>18}" for e in events))
    ranked = sorted(totals.items(), key=lambda kv: -kv[1][0])
    for key, values in ranked[: args.top]:
        cells = "".join(f"{v:>11,} {100 * v / g:4.1f}%" for v, g in zip(values, grand))
        print(f"{key[:48]:48}{cells}")


if __name__ == "__main__":
    main()
