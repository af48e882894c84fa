"""The reader under generated documents: real ones damaged (tests/mutations.py), many of them.

    .venv/bin/python scripts/fuzz_reader.py [--docs 100000] [--seed 1]

Prints how many documents were read, how many crashed (with the first few reproducers: seed and
mutation steps) and the slowest documents; then reads each mutation repeated to 250 KB, and that
text four times (1 MB), and prints the times: they grow with the size, never faster.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lineage.errors import TooLarge  # noqa: E402
from lineage.loaders.reader import extract_text  # noqa: E402
from lineage.loaders.units import UnitTable  # noqa: E402
from tests.mutations import MUTATIONS, mutate, sources  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes reading side by side")
    args = ap.parse_args()
    started = time.perf_counter()
    chunks = [(args.seed, lo, min(lo + 1000, args.docs)) for lo in range(0, args.docs, 1000)]
    crashes: list[str] = []
    slowest: list[tuple[float, int, int]] = []
    total_bytes = 0
    with multiprocessing.Pool(args.jobs, initializer=_load) as pool:
        for done, (c, s, b) in enumerate(pool.imap_unordered(_read_chunk, chunks), start=1):
            crashes += c
            slowest = sorted(slowest + s, reverse=True)[:5]
            total_bytes += b
            if done % 5 == 0:
                print(
                    f"  {done * 1000} documents, {len(crashes)} crashes, {time.perf_counter() - started:.0f} s",
                    flush=True,
                )
    elapsed = time.perf_counter() - started
    print(f"\n{args.docs} documents ({total_bytes / 1e6:.0f} MB) in {elapsed:.0f} s: {len(crashes)} crashes")
    for line in crashes[:10]:
        print("  " + line)
    print("slowest: " + ", ".join(f"{t:.2f} s ({s / 1e3:.0f} KB, seed {seed})" for t, s, seed in slowest))

    texts, units = _load()
    rnd = random.Random(args.seed)
    worst = 0.0
    for mutation in MUTATIONS:
        piece = ""
        while len(piece) < 250_000:
            piece += "\n" + mutation(rnd, rnd.choice(texts), rnd.choice(texts))
        piece = piece[:250_000]
        took = [_seconds(piece, units), _seconds(piece * 4, units)]
        worst = max(worst, took[1] / max(took[0], 1e-3))
        print(f"  {mutation.__name__:>12}: 250 KB {took[0]:.2f} s, 1 MB {took[1]:.2f} s")
    print(f"largest growth from 250 KB to 1 MB (the same text four times): x{worst:.1f} (linear is x4)")


def _seconds(text: str, units: UnitTable) -> float:
    """The best of two reads, so that a collection of the garbage collector is not taken for growth."""
    best = float("inf")
    for _ in range(2):
        t = time.perf_counter()
        extract_text(text, source="big.md", units=units)
        best = min(best, time.perf_counter() - t)
    return best


_STATE: tuple[list[str], UnitTable] | None = None


def _load() -> tuple[list[str], UnitTable]:
    """The real documents and the unit table, read once per process."""
    global _STATE
    if _STATE is None:
        _STATE = sources(), UnitTable.load()
    return _STATE


def _read_chunk(chunk: tuple[int, int, int]) -> tuple[list[str], list[tuple[float, int, int]], int]:
    """Read documents lo..hi of a run: the crashes (seed, steps, error), the five slowest, the bytes read.
    Document n is rebuilt from its seed alone, so a crash is reproduced with `mutate(Random(seed), ...)`."""
    run, lo, hi = chunk
    texts, units = _load()
    crashes: list[str] = []
    slowest: list[tuple[float, int, int]] = []
    total = 0
    for n in range(lo, hi):
        seed = run * 1_000_003 + n
        rnd = random.Random(seed)
        steps = rnd.randint(1, 3)
        text = mutate(rnd, texts, steps=steps)
        size = len(text.encode("utf-8", "surrogatepass"))
        total += size
        t = time.perf_counter()
        try:
            extract_text(text, source=f"fuzz-{seed}.md", units=units)
        except TooLarge:
            pass  # refused by its size, as it should be
        except Exception:
            crashes.append(f"seed {seed} steps {steps}: {traceback.format_exc(limit=3).splitlines()[-1]}")
        slowest = sorted([*slowest, (time.perf_counter() - t, size, seed)], reverse=True)[:5]
    return crashes, slowest, total


if __name__ == "__main__":
    main()
