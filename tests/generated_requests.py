"""Requests generated from the app's own OpenAPI by schemathesis, sent through ASGI to every
operation, with each answer checked: no 5xx, the status one the operation documents, the body the
schema it publishes. Used by tests/test_api_generated.py (short) and scripts/fuzz_api.py (long)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


@dataclass
class Report:
    requests: Counter[str] = field(default_factory=Counter)  # operation -> requests sent
    statuses: Counter[int] = field(default_factory=Counter)
    failures: dict[str, str] = field(default_factory=dict)  # operation -> first failure

    @property
    def total(self) -> int:
        return sum(self.requests.values())


def send_generated(app: FastAPI, key: str, *, examples: int, run: int = 0) -> Report:
    """Send up to `examples` valid and as many invalid generated requests to each operation of `app`,
    with the write key; the
    first failure of each operation, as hypothesis shrank it, goes in the report."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    report = Report()
    for result in schema.get_all_operations():
        op = result.ok()
        for mode in GenerationMode:
            try:
                _operation_test(op, mode, key, report, examples, run)()
            except Unsatisfiable:
                pass  # an operation without parameters has no invalid request
            except (Exception, BaseExceptionGroup) as exc:  # schemathesis groups what it found
                report.failures[f"{op.label} ({mode.value})"] = f"{type(exc).__name__}: {str(exc)[:800]}"
    return report


def _operation_test(
    op: APIOperation, mode: GenerationMode, key: str, report: Report, examples: int, run: int
) -> Callable[[], None]:
    """Valid requests (positive) and requests that break the schema on purpose (negative)."""

    @seed(run)
    @given(case=op.as_strategy(mode))
    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        response = case.call(headers={"X-API-Key": key})
        report.requests[op.label] += 1
        report.statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS)

    return check
