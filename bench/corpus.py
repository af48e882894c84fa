"""The reader on the real crawled corpus (../shared/corpus/raw): what it finds, per kind of document,
and how fast, on one core.

    .venv/bin/python bench/corpus.py [--corpus ../shared/corpus/raw] [--list 20]

Prints, per kind (the header's, or "(none)"): files, how many have a header (number or issuer),
references and tasks; the files that say "chủ trì" but yield no task; then documents/s and MB/s over
the whole corpus and over the documents of about the median size (0.8x-1.25x).
Target: at least 300 documents/s at the corpus's median size.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lineage.loaders.reader import extract_text  # noqa: E402
from lineage.loaders.units import UnitTable  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "raw")
    ap.add_argument("--list", type=int, default=20, help="how many task-less 'chủ trì' files to list")
    args = ap.parse_args()
    files = sorted(p for p in args.corpus.glob("*") if p.is_file())
    if not files:
        sys.exit(f"no documents in {args.corpus}")
    units = UnitTable.load()
    texts = {f: f.read_text(encoding="utf-8") for f in files}

    kinds: Counter[str] = Counter()
    header: Counter[str] = Counter()
    refs: Counter[str] = Counter()
    tasks: Counter[str] = Counter()
    silent: list[str] = []
    for f, raw in texts.items():
        ex = extract_text(raw, source=f.name, units=units)
        kind = ex.doc.type or "(none)"
        kinds[kind] += 1
        header[kind] += bool(ex.doc.code or ex.doc.issuer)
        refs[kind] += bool(ex.references)
        tasks[kind] += bool(ex.tasks)
        if not ex.tasks and re.search(r"chủ\s+trì", ex.text):
            silent.append(f"{f.name} ({kind})")
    print(f"{'kind':<16}{'files':>7}{'header':>8}{'refs':>7}{'tasks':>7}")
    for kind, n in kinds.most_common():
        print(f"{kind:<16}{n:>7}{header[kind]:>8}{refs[kind]:>7}{tasks[kind]:>7}")
    print(
        f"{'all':<16}{sum(kinds.values()):>7}{sum(header.values()):>8}{sum(refs.values()):>7}{sum(tasks.values()):>7}"
    )
    print(f"\n{len(silent)} files say 'chủ trì' but yield no task:")
    for name in silent[: args.list]:
        print("  " + name)

    sizes = sorted(len(t.encode()) for t in texts.values())
    median = sizes[len(sizes) // 2]
    near = [t for t in texts.values() if 0.8 * median <= len(t.encode()) <= 1.25 * median]
    print()
    for label, batch in (("whole corpus", list(texts.values())), (f"median size ({median / 1000:.1f} KB)", near)):
        started = time.perf_counter()
        for i, raw in enumerate(batch):
            extract_text(raw, source=f"{i}.md", units=units)
        took = time.perf_counter() - started
        mb = sum(len(t.encode()) for t in batch) / 1e6
        print(f"{label}: {len(batch)} documents, {len(batch) / took:.0f} documents/s, {mb / took:.2f} MB/s")


if __name__ == "__main__":
    main()
