"""The reader under generated documents: real ones damaged (tests/mutations.py), many of them.

    .venv/bin/python scripts/fuzz_reader.py [--docs 100000] [--seed 1]

Prints how many documents were read, how many crashed (with the first few reproducers: seed and
mutation steps) and the slowest documents; then reads each mutation repeated to 250 KB and to 1 MB
(a huge line, deep nesting, 40,000 items, tables, splices) and prints the times. Target: 0 crashes,
and time that grows with the size, not faster (1 MB under 6 times 250 KB).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lineage.errors import TooLarge  # noqa: E402
from lineage.loaders.reader import extract_text  # noqa: E402
from lineage.loaders.units import UnitTable  # noqa: E402
from tests.mutations import MUTATIONS, Mutation, mutate, sources  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    texts = sources()
    units = UnitTable.load()
    crashes: list[str] = []
    slowest: list[tuple[float, int, int]] = []
    total_bytes = 0
    started = time.perf_counter()
    for n in range(args.docs):
        seed = args.seed * 1_000_003 + n
        rnd = random.Random(seed)
        steps = rnd.randint(1, 3)
        text = mutate(rnd, texts, steps=steps)
        size = len(text.encode("utf-8", "surrogatepass"))
        total_bytes += size
        t = time.perf_counter()
        try:
            extract_text(text, source=f"fuzz-{seed}.md", units=units)
        except TooLarge:
            pass  # refused by its size, as it should be
        except Exception:
            crashes.append(f"seed {seed} steps {steps}: {traceback.format_exc(limit=3).splitlines()[-1]}")
        took = time.perf_counter() - t
        slowest.append((took, size, seed))
        slowest = sorted(slowest, reverse=True)[:5]
        if (n + 1) % 5000 == 0:
            print(f"  {n + 1} documents, {len(crashes)} crashes, {time.perf_counter() - started:.0f} s", flush=True)
    elapsed = time.perf_counter() - started
    print(f"\n{args.docs} documents ({total_bytes / 1e6:.0f} MB) in {elapsed:.0f} s: {len(crashes)} crashes")
    for line in crashes[:10]:
        print("  " + line)
    print("slowest: " + ", ".join(f"{t:.2f} s ({s / 1e3:.0f} KB, seed {seed})" for t, s, seed in slowest))

    rnd = random.Random(args.seed)
    worst = 0.0
    for mutation in MUTATIONS:
        took = [_time_at(size, mutation, rnd, texts, units) for size in (250_000, 1_000_000)]
        worst = max(worst, took[1] / max(took[0], 1e-3))
        print(f"  {mutation.__name__:>12}: 250 KB {took[0]:.2f} s, 1 MB {took[1]:.2f} s")
    print(f"largest growth from 250 KB to 1 MB: x{worst:.1f} (linear is x4; target under x6)")


def _time_at(size: int, mutation: Mutation, rnd: random.Random, texts: list[str], units: UnitTable) -> float:
    """Seconds to read about `size` characters made of one mutation, repeated."""
    text = ""
    while len(text) < size:
        text += "\n" + mutation(rnd, rnd.choice(texts), rnd.choice(texts))
    t = time.perf_counter()
    extract_text(text[:size], source="big.md", units=units)
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
