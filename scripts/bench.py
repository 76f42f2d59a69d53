"""Benchmark the site as production serves it, and load-test it.

    .venv/bin/python scripts/bench.py                   # both tables: cold and warm page cache
    .venv/bin/python scripts/bench.py --mode cold       # one table
    .venv/bin/python scripts/bench.py --load            # 64 connections, 60 s over a page mix
    .venv/bin/python scripts/bench.py --load --mode warm  # the load test, page cache on only
    .venv/bin/python scripts/bench.py --load --publish  # 200 URLs, a post published every 10 s
    .venv/bin/python scripts/bench.py --help            # durations, connections, --scale, --redis

Production shape: PostgreSQL (DATABASE_URL, default a `practice_bench` database on 127.0.0.1,
created if missing; SQLite only with a warning), production settings, gunicorn with the repo's
gunicorn.conf.py, whitenoise serving collected static files. The script migrates, seeds the demo
(`--scale N` adds N generated posts with devtools' seed_scale), rebuilds the search index and
collects static files into a temporary STATIC_ROOT; then, for each mode, it starts gunicorn on
loopback (PAGE_CACHE=off for the cold run, on for the warm run), discovers the pages from the
database, warms each one up and drives it with wrk (scripts/wrk_report.lua reports the figures).
After each measurement the script waits for the server to finish the requests wrk left behind,
so one page's backlog is not counted against the next. After the tables, the benchmark prints
devtools.bench_render's table of in-process render times (same environment, PAGE_CACHE=off;
--no-render-table skips it). The load test (--load) drives one wrk run per mode that cycles
through the main page types and fails on any error. With --publish it is the production shape
instead (devtools.bench_load, bench_publish): page cache on, 64 connections over 200 URLs while a post is
published every 10 s, p50 / p99 / errors per 10-second window, and a failure when a window's p99
is over 300 ms, any request fails or a page still shows the old post after a publish.

Each table compares every page with the static CSS file measured in the same run, so the ratio
stays meaningful on a busy machine where absolute figures are noisy. Results go to stdout as
Markdown, progress to stderr. The exit status is 1 when any request failed (non-2xx/3xx status or
socket error), a --publish window missed its target, the render table failed or the site could not
be set up, 2 for bad arguments, 130 on Ctrl-C and 143 on SIGTERM; gunicorn is stopped in every
case.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project's devtools, when run as `python scripts/bench.py`

from devtools.bench_load import (  # noqa: E402
    add_publish_arguments,
    gunicorn_args,
    gunicorn_label,
    load_mode,
    mode_label,
    publish_mode,
)
from devtools.bench_site import (  # noqa: E402
    BENCH_PAGES,
    DEFAULT_DATABASE_URL,
    BenchError,
    access_log_off_value,
    discover_pages,
    ensure_postgres_database,
    log,
    manage,
    prepare,
    printable_url,
    python,
    stylesheet_path,
)
from devtools.bench_wrk import (  # noqa: E402
    ACCEPT_ENCODING,
    PAGE_CACHE_HEADER,
    Result,
    page_cache_state,
    running,
    warm_up,
    wrk,
)
from devtools.servers import port_in_use, production_env  # noqa: E402

BENCH_REDIS_URL = "redis://127.0.0.1:6379/15"


# --- The two commands ---------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the benchmark table."""

    name: str
    path: str
    result: Result
    page_cache: str  # the X-Page-Cache header after the run: hit, miss, bypass, or "-"


def bench_mode(env, mode, pages, args):
    """Measure every page and the static file under one gunicorn; return the table's rows."""
    cache = {"PAGE_CACHE": "on" if mode == "warm" else "off"}
    with running({**env, **cache}, args.port, gunicorn_args(args)) as server:
        targets = [(name, pages[name]) for name in BENCH_PAGES]
        targets.append(("static CSS", stylesheet_path(server.base_url)))
        rows = []
        for name, path in targets:
            warm_up(server, [path], args)
            result = wrk(server, [path], args, args.duration)
            cache_state = page_cache_state(server, path)
            log(
                f"  {mode} {path}: {result.per_second:.1f} requests/s, p50 {result.p50_ms:.0f} ms, "
                f"p99 {result.p99_ms:.0f} ms, {result.describe_errors()} errors"
            )
            rows.append(Row(name, path, result, cache_state))
        if any(row.result.errors for row in rows):
            log(f"--- gunicorn output (last lines) ---\n{server.output_tail()}\n---")
    return rows


def print_bench_table(mode, rows, args):
    static = rows[-1].result.per_second  # the static file is measured last
    print(f"\n### {mode_label(mode)}, {args.connections} connections, {args.duration} s per URL\n")
    print(
        f"| page | URL | requests/s | p50 ms | p99 ms | errors | vs static | {PAGE_CACHE_HEADER} |"
    )
    print("|---|---|---:|---:|---:|---|---:|---|")
    for row in rows:
        result = row.result
        ratio = result.per_second / static if static else 0.0
        print(
            f"| {row.name} | `{row.path}` | {result.per_second:.1f} | {result.p50_ms:.1f} | "
            f"{result.p99_ms:.1f} | {result.describe_errors()} | {ratio:.3f} | {row.page_cache} |"
        )
    sys.stdout.flush()


def render_table(env, args):
    """devtools.bench_render's table (in-process renders, page cache off) in the environment
    gunicorn gets; False if it failed."""
    if not (ROOT / "devtools" / "bench_render.py").exists():
        # Not in this checkout (it came later): nothing to run, which is not a failure.
        print("\n(No render table: devtools/bench_render.py is not in this checkout.)")
        return True
    render_env = {**env, "PAGE_CACHE": "off"}
    if not (ROOT / "devtools" / "admin_form_data.py").exists():
        render_env["BENCH_EDITOR"] = "0"  # its editor rows need that module
    command = [python(), "-m", "devtools.bench_render"]
    if args.render_requests is not None:
        command += ["--requests", str(args.render_requests)]
    log("Running the render table (devtools.bench_render)")
    started = time.monotonic()
    # This repository's Python on one of its modules, arguments built here, no shell.
    result = subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=render_env, capture_output=True, text=True
    )
    log(f"  bench_render: {time.monotonic() - started:.1f} s, exit {result.returncode}")
    print(result.stdout, end="")
    sys.stdout.flush()
    if result.returncode != 0:
        log(f"devtools.bench_render failed (exit {result.returncode}):\n{result.stderr[-3000:]}")
        return False
    return True


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Benchmark (default) or load-test (--load) the site under gunicorn.",
    )
    parser.add_argument(
        "--load",
        action="store_true",
        help="Load test: per mode, one wrk run cycling through the main page types "
        "(64 connections, 60 s unless told otherwise).",
    )
    add_publish_arguments(parser)
    parser.add_argument(
        "--mode",
        choices=["cold", "warm", "both"],
        default="both",
        help="cold: PAGE_CACHE=off, warm: PAGE_CACHE=on, both (the default): one after the other.",
    )
    parser.add_argument("--connections", type=int, help="wrk connections (16; 64 with --load).")
    parser.add_argument("--duration", type=int, help="Seconds per wrk run (10; 60 with --load).")
    parser.add_argument("--warmup", type=int, default=1, help="Seconds of warm-up per URL (1).")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2).")
    parser.add_argument(
        "--timeout",
        type=int,
        default=30,
        help="Seconds after which wrk counts a response as a timeout error (30: gunicorn's worker "
        "timeout, where the server itself gives up). wrk's own default, 2 s, would also leave "
        "every slower response out of the percentiles, hiding queueing under load.",
    )
    parser.add_argument("--port", type=int, default=8700, help="gunicorn's port on 127.0.0.1.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2).")
    parser.add_argument(
        "--worker-class",
        help="gunicorn worker class, e.g. gthread (gunicorn.conf.py's: sync). Given on gunicorn's "
        "command line, which wins over the config file.",
    )
    parser.add_argument(
        "--gunicorn-threads",
        type=int,
        help="gunicorn threads per worker (more than 1 makes gunicorn run sync as gthread).",
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        help="Recycle a gunicorn worker after this many requests (0: never). Default: 0 for the "
        "benchmark, where a worker restarting every few seconds on the static file would skew "
        "the figures; gunicorn.conf.py's value for --load, which must survive recycling.",
    )
    parser.add_argument(
        "--scale", type=int, help="Add N generated blog posts (seed_scale: a larger site)."
    )
    parser.add_argument(
        "--redis", action="store_true", help=f"Use Redis as the cache ({BENCH_REDIS_URL}, flushed)."
    )
    parser.add_argument(
        "--no-render-table",
        action="store_true",
        help="Benchmark: skip the table of in-process render times (devtools.bench_render).",
    )
    parser.add_argument(
        "--render-requests",
        type=int,
        help="Timed requests per page of the render table (bench_render's --requests).",
    )
    parser.add_argument(
        "--no-setup",
        action="store_true",
        help="Skip migrate, seed_demo and update_index (static files are always collected).",
    )
    args = parser.parse_args(argv)
    if args.publish:
        if args.mode == "cold":
            parser.error("--publish measures the page cache on (production): not with --mode cold")
        args.load, args.mode = True, "warm"
    args.scaled = None  # how many generated posts --publish had seed_scale hold, if it had to
    args.connections = args.connections or (64 if args.load else 16)
    args.duration = args.duration or (60 if args.load else 10)
    if args.max_requests is None and not args.load:
        args.max_requests = 0
    if min(args.connections, args.duration, args.threads, args.timeout) < 1 or args.warmup < 0:
        parser.error("--connections, --duration, --threads and --timeout must be at least 1")
    if min(args.window, args.urls, args.gunicorn_threads or 1, args.render_requests or 1) < 1:
        parser.error("--window, --urls, --gunicorn-threads and --render-requests must be >= 1")
    # --publish: one window per --window seconds of --duration (60 s: 6 windows).
    args.windows = max(1, args.duration // args.window)
    return args


def environment(args, static_root):
    """Production settings on loopback (devtools.servers), as the benchmark measures them."""
    extra = {
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # The tables report X-Page-Cache, which production settings leave off unless asked.
        "PAGE_CACHE_HEADER": "on",
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "WEB_CONCURRENCY": args.workers,
        # Writing a log line per request would be measured too.
        "GUNICORN_ACCESS_LOG": access_log_off_value(),
        # The level production runs at unless the environment says otherwise.
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
    }
    if args.max_requests is not None:
        extra["GUNICORN_MAX_REQUESTS"] = args.max_requests
    if args.redis:
        extra["REDIS_URL"] = BENCH_REDIS_URL
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    return production_env(database_url, static_root, **extra)


def flush_bench_redis():
    """Empty the benchmark's own Redis database, so each mode starts from the same empty cache."""
    import redis

    redis.Redis.from_url(BENCH_REDIS_URL).flushdb()


def describe_setup(env, args, postgres):
    commit = subprocess.run(
        ["/usr/bin/git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["/usr/bin/git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    cache = env.get("REDIS_URL") or "local memory (per worker)"
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"## {'Load test' if args.load else 'Benchmark'} — {time.strftime('%Y-%m-%d %H:%M')}\n")
    print(f"- commit {commit or '?'}{' with local changes' if dirty else ''}")
    database = printable_url(env["DATABASE_URL"])
    if not env["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        database += " (not PostgreSQL: not production's figures)"
    print(f"- database {database}; cache {cache}")
    if postgres and postgres["jit"] == "on" and postgres["never_analyzed"]:
        print(
            f"- **warning**: PostgreSQL JIT is on and {postgres['never_analyzed']} tables have "
            "never been analyzed: the planner overestimates, and some uncached pages spend "
            "seconds compiling JIT code per query (turn JIT off for the site, or ANALYZE)"
        )
    elif postgres:
        print(
            f"- PostgreSQL: jit {postgres['jit']}, {postgres['never_analyzed']} tables unanalyzed"
        )
    if args.scale is not None and not args.no_setup:
        print(f"- demo content seeded with --scale {args.scale}")
    if args.scaled:
        print(f"- fewer than {args.urls} URLs: topped up with seed_scale {args.scaled}")
    print(
        f"- {gunicorn_label(args, env)}, "
        f"access log {'off' if env['GUNICORN_ACCESS_LOG'] == '' else env['GUNICORN_ACCESS_LOG']}"
    )
    print(
        f"- wrk: {args.threads} threads, timeout {args.timeout} s, Accept-Encoding: {ACCEPT_ENCODING};"
        f" {os.cpu_count()} CPUs, load {load}"
    )
    sys.stdout.flush()


def main(argv=None):
    args = parse_args(argv)
    # Stop gunicorn in order when the script itself is told to stop, as on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="bench-static-") as static_root:
        env = environment(args, static_root)
        database_url = env["DATABASE_URL"]
        try:
            # Before minutes of set-up, not after: another server on the port would be measured.
            if port_in_use(args.port):
                raise BenchError(f"port {args.port} is already in use: pick another with --port")
            if not shutil.which("wrk"):
                raise BenchError(
                    "wrk is not installed: `apt-get install -y wrk` (Debian's package)"
                )
            log(f"Database: {printable_url(database_url)}")
            if database_url.startswith(("postgres://", "postgresql://")):
                ensure_postgres_database(database_url)
            else:
                log(
                    "warning: DATABASE_URL is not PostgreSQL: figures will not be those of "
                    "production (use PostgreSQL for numbers worth comparing)."
                )
            if not args.no_setup:
                prepare(env, args)
            else:
                manage(env, "collectstatic", "--noinput")
            pages, postgres = discover_pages(env)
            if args.publish:
                if args.redis:
                    flush_bench_redis()
                # describe_setup after finding the URLs, which may have seeded generated posts.
                return publish_mode(env, args, lambda: describe_setup(env, args, postgres))
            describe_setup(env, args, postgres)
            modes = ["cold", "warm"] if args.mode == "both" else [args.mode]
            failed = False
            for mode in modes:
                if args.redis:
                    flush_bench_redis()
                log(f"Running {mode} ({'load test' if args.load else 'benchmark'})")
                if args.load:
                    failed |= load_mode(env, mode, pages, args).errors > 0
                else:
                    rows = bench_mode(env, mode, pages, args)
                    print_bench_table(mode, rows, args)
                    failed |= any(row.result.errors for row in rows)
            if not args.load and not args.no_render_table and not render_table(env, args):
                log("FAILED: the render table (devtools.bench_render) failed.")
                return 1
        except BenchError as error:
            log(f"error: {error}")
            return 1
        except KeyboardInterrupt:
            log("interrupted")
            return 130
    if failed:
        log("FAILED: some requests failed (see the errors column).")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
