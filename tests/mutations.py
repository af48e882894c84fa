"""Documents built by damaging real ones, for the reader's robustness tests and scripts/fuzz_reader.py:
cut, spliced, re-wrapped, decomposed (NFD), with junk characters, huge lines, deep nesting, 10,000 items."""

from __future__ import annotations

import random
import textwrap
import unicodedata
from collections.abc import Callable
from pathlib import Path

from lineage.examples import example_files
from tests.conftest import SHARED

Mutation = Callable[[random.Random, str, str], str]


def sources() -> list[str]:
    """Real crawled documents when ../shared is beside the project, else the bundled examples."""
    raw = sorted((SHARED / "corpus" / "raw").glob("*.md"))
    files: list[Path] = raw or [f for f in example_files() if f.suffix == ".txt"]
    return [f.read_text(encoding="utf-8") for f in files]


def cut(rnd: random.Random, text: str, _: str) -> str:
    a = rnd.randrange(len(text) + 1)
    b = rnd.randrange(a, len(text) + 1)
    return text[a:b]


def splice(rnd: random.Random, text: str, other: str) -> str:
    return text[: rnd.randrange(len(text) + 1)] + other[rnd.randrange(len(other) + 1) :]


def rewrap(rnd: random.Random, text: str, _: str) -> str:
    width = rnd.choice([7, 20, 57, 80, 200])
    return "\n".join(line for para in text.split("\n") for line in textwrap.wrap(para, width) or [""])


def nfd(_: random.Random, text: str, __: str) -> str:
    return unicodedata.normalize("NFD", text)


def junk(rnd: random.Random, text: str, _: str) -> str:
    chars = list(text)
    alphabet = "\x00\x01\ufffd\u200b\u202e\ud7ff*|#_\\-–—()[]{}:;.\t\r\f" + "".join(
        chr(rnd.randrange(32, 0x3000)) for _ in range(20)
    )
    for _ in range(max(1, len(chars) // 50)):
        chars.insert(rnd.randrange(len(chars) + 1), rnd.choice(alphabet))
    return "".join(chars)


def _scale(rnd: random.Random, full: int) -> int:
    """Mostly a hundredth or a tenth of the full size, now and then all of it: the long runs read many
    documents, and the full sizes are read on their own at 1 MB (scripts/fuzz_reader.py)."""
    return rnd.choices([full // 100, full // 10, full], weights=[80, 18, 2])[0]


def huge_line(rnd: random.Random, text: str, _: str) -> str:
    line = rnd.choice(text.split("\n") or ["x"]) or "Giao Sở Ngoại vụ chủ trì, phối hợp với các sở, ngành"
    return line.replace("\n", " ") * (_scale(rnd, 200_000) // max(1, len(line)) + 1)


def deep_nesting(rnd: random.Random, _: str, __: str) -> str:
    markers = ["I.", "1.", "1.1.", "a)", "-", "+", "(1)", "Điều 1.", "Thứ nhất,", "A.", "Chương I"]
    line = "{m} Sở Y tế chủ trì, phối hợp với Sở Tài chính:"
    return "\n".join(line.format(m=rnd.choice(markers)) for _ in range(_scale(rnd, 3000)))


def many_items(rnd: random.Random, text: str, _: str) -> str:
    item = "{n}. Giao Sở Ngoại vụ chủ trì, phối hợp với các sở, ngành thực hiện trước ngày 30/6/2026."
    return text[:2000] + "\n" + "\n".join(item.format(n=n) for n in range(1, _scale(rnd, 10_000) + 1))


def tables(rnd: random.Random, text: str, _: str) -> str:
    head = "|\nSTT\n|\nNhiệm vụ\n|\nCơ quan chủ trì\n|\nCơ quan phối hợp\n|\n"
    rows = "".join(
        f"|\n{rnd.choice(['1', 'I', '', 'x'])}\n|\nViệc {i}\n|\nSở Y tế\n|\n" for i in range(rnd.randrange(1, 400))
    )
    return text[:3000] + "\n" + head + rows + text[3000:6000]


MUTATIONS: list[Mutation] = [cut, splice, rewrap, nfd, junk, huge_line, deep_nesting, many_items, tables]


def mutate(rnd: random.Random, texts: list[str], *, steps: int = 2) -> str:
    text = rnd.choice(texts)
    for _ in range(steps):
        text = rnd.choice(MUTATIONS)(rnd, text, rnd.choice(texts))
    return text
