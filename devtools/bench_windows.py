"""`make load-test PUBLISH=1`'s windows (devtools.bench_load runs them): each window's figures
from wrk_urls.lua's JSON line, whether it meets the target (p99 <= 300 ms, no error, no failed
publish, no stale page), the run's verdict and the Markdown table of the report."""

import json
from dataclasses import dataclass, field

from devtools.bench_wrk import Result

WINDOW_SECONDS = 10
TARGET_P99_MS = 300.0


@dataclass
class Window:
    """One window of the run: its wrk figures, the publish that opened it, the staleness check."""

    number: int
    start_s: float  # since the first window began
    result: Result
    publish_ms: float | None = None
    checked: int = 0  # URLs fetched after the publish (the post and its blog)
    stale: list = field(default_factory=list)  # those of them that did not show the new summary
    publish_error: str = ""
    check_s: float | None = None  # from the publish's answer until both pages had come back
    published_at_s: float = 0.0  # since the window's wrk started

    def misses(self, target_ms=TARGET_P99_MS):
        """Why the window misses the target (empty when it meets it)."""
        reasons = []
        if self.result.p99_ms > target_ms:
            reasons.append(f"p99 {self.result.p99_ms:,.0f} > {target_ms:,.0f} ms")
        if self.result.errors:
            reasons.append(f"{self.result.errors} errors")
        if self.publish_error:
            reasons.append("publish failed")
        if self.stale:
            reasons.append(f"{len(self.stale)} stale")
        return reasons

    def passed(self, target_ms=TARGET_P99_MS):
        return not self.misses(target_ms)


def window_result(data):
    """A window's figures from the JSON line wrk_urls.lua prints (`WRK_JSON` removed)."""
    return Result.from_wrk(data if isinstance(data, dict) else json.loads(data))


def run_passed(windows, target_ms=TARGET_P99_MS):
    return bool(windows) and all(window.passed(target_ms) for window in windows)


def format_table(windows, args, url_count, gunicorn_label, target_ms=TARGET_P99_MS):
    """The Markdown report: one row per window, then the totals and the verdict."""
    lines = [
        f"\n### Load test with publishing, warm (PAGE_CACHE=on): {args.connections} connections, "
        f"{url_count} URLs, a post published every {args.window} s, {gunicorn_label}\n",
        f"Target: p99 ≤ {target_ms:,.0f} ms in every window, 0 errors, 0 stale answers after a "
        "publish.\n",
        "| window | published at s / took ms | requests | requests/s | p50 ms | p99 ms | errors | stale | "
        "checked after s | statuses | verdict |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---|---|",
    ]
    for window in windows:
        result = window.result
        start = round(window.start_s)
        publish = (
            "failed"
            if window.publish_error
            else f"{window.published_at_s:.1f} / {window.publish_ms or 0:,.0f}"
        )
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(result.statuses.items()))
        misses = window.misses(target_ms)
        verdict = "ok" if not misses else "**miss**: " + "; ".join(misses)
        check = "-" if window.check_s is None else f"{window.check_s:.1f}"
        lines.append(
            f"| {window.number} ({start}–{start + round(result.seconds)} s) | {publish} | "
            f"{result.requests:,} | {result.per_second:,.1f} | {result.p50_ms:,.1f} | "
            f"{result.p99_ms:,.1f} | {result.describe_errors()} | "
            f"{len(window.stale)}/{window.checked} | {check} | {statuses} | {verdict} |"
        )
    requests = sum(window.result.requests for window in windows)
    errors = sum(window.result.errors for window in windows)
    stale = sum(len(window.stale) for window in windows)
    checked = sum(window.checked for window in windows)
    missed = [window.number for window in windows if not window.passed(target_ms)]
    lines.append("")
    lines.append(
        f"Total: {requests:,} requests, {errors} errors; stale after publish: {stale} "
        f"(of {checked} checks)."
    )
    for window in windows:
        for url in window.stale:
            lines.append(f"- stale in window {window.number}: `{url}`")
        if window.publish_error:
            lines.append(f"- publish failed in window {window.number}: {window.publish_error}")
    if missed:
        lines.append(
            f"**FAIL**: {len(missed)} of {len(windows)} windows miss the target "
            f"({', '.join(map(str, missed))})."
        )
    else:
        lines.append(f"**PASS**: every one of {len(windows)} windows meets the target.")
    return "\n".join(lines)
