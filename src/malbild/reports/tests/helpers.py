"""Test helpers for the background exports (`malbild.reports.jobs`)."""

from dataclasses import replace

from malbild.reports import jobs


def count_builds(monkeypatch, kind: str, record=lambda params, fmt: fmt) -> list:
    """Wrap the registered build of export `kind` so every real build is recorded (by
    `record(params, fmt)`) in the returned list; a cached download adds nothing."""
    export = jobs.get_export(kind)
    calls: list = []

    def counting(params, fmt, progress):
        calls.append(record(params, fmt))
        return export.build(params, fmt, progress)

    monkeypatch.setitem(jobs._exports, kind, replace(export, build=counting))
    return calls
