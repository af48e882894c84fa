"""The reader never crashes, on real documents damaged every which way (tests/mutations.py), and its
evidence always points into the text it returns. The long run is scripts/fuzz_reader.py."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lineage.loaders.reader import extract_text
from lineage.loaders.units import UnitTable
from tests.mutations import MUTATIONS, mutate, sources

TEXTS = sources()
UNITS = UnitTable.load()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=1, max_value=3))
def test_damaged_real_documents_read_without_a_crash(seed: int, steps: int) -> None:
    text = mutate(random.Random(seed), TEXTS, steps=steps)
    ex = extract_text(text, source="damaged.md", units=UNITS)
    for ref in ex.references:
        if ref.evidence:
            assert 0 <= ref.evidence.start <= ref.evidence.end <= len(ex.text)
    for task in ex.tasks:
        for a in task.assignments:
            if a.evidence:
                assert 0 <= a.evidence.start <= a.evidence.end <= len(ex.text)


def test_each_mutation_on_its_own() -> None:
    rnd = random.Random(7)
    for mutation in MUTATIONS:
        text = mutation(rnd, TEXTS[0], TEXTS[-1])
        extract_text(text, source=f"{mutation.__name__}.md", units=UNITS)
