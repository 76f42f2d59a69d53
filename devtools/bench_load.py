"""The two load tests of scripts/bench.py: --load's one wrk run over a page mix per mode, and
--publish's run (`make load-test PUBLISH=1`, described in devtools.bench_publish): windows back to
back, a publish at the start of each and a staleness check beside its load. Also the gunicorn
settings the command line gives, which the benchmark's tables use too."""

# Every subprocess here runs wrk with arguments built here, never a shell; every URL opened is
# the loopback gunicorn the benchmark started.
# ruff: noqa: S603

import secrets
import subprocess
import sys
import threading
import time

from devtools.bench_publish import (
    URL_COUNT,
    Publisher,
    choose_urls,
    discover_urls,
    marker,
    scale_posts_needed,
)
from devtools.bench_site import LOAD_PAGES, BenchError, log, manage
from devtools.bench_windows import WINDOW_SECONDS, Window, format_table, run_passed
from devtools.bench_wrk import (
    PAGE_CACHE_HEADER,
    page_cache_state,
    running,
    warm_up,
    wrk,
    wrk_command,
    wrk_result,
)
from devtools.servers import ROOT, fetch

WRK_URLS_SCRIPT = ROOT / "scripts" / "wrk_urls.lua"


# --- gunicorn and --load ------------------------------------------------------------------------


def mode_label(mode):
    return "cold (PAGE_CACHE=off)" if mode == "cold" else "warm (PAGE_CACHE=on)"


def gunicorn_args(args):
    """Command-line settings, which win over gunicorn.conf.py's (it fixes worker_class = "sync"
    and reads no thread count from the environment)."""
    extra = []
    if args.worker_class:
        extra += ["--worker-class", args.worker_class]
    if args.gunicorn_threads:
        extra += ["--threads", str(args.gunicorn_threads)]
    return extra


def gunicorn_label(args, env):
    threads = args.gunicorn_threads or 1
    # gunicorn runs a sync worker class with more than one thread as gthread.
    worker_class = args.worker_class or "sync"
    if worker_class == "sync" and threads > 1:
        worker_class = "gthread"
    recycle = env.get("GUNICORN_MAX_REQUESTS", "gunicorn.conf.py default")
    per_worker = f" × {threads} threads" if threads > 1 else ""
    return f"gunicorn: {args.workers} {worker_class} workers{per_worker}, max_requests {recycle}"


def add_publish_arguments(parser):
    """scripts/bench.py's --publish, --window and --urls (its parse_args checks them)."""
    parser.add_argument(
        "--publish",
        action="store_true",
        help=f"Load test (implies --load) in the production shape: page cache on, "
        f"{URL_COUNT} URLs, a post published at the start of every {WINDOW_SECONDS}-second "
        "window; p50 / p99 / errors per window; fails when a window's p99 is over 300 ms, any "
        "request fails or a page is stale after a publish.",
    )
    parser.add_argument(
        "--window",
        type=int,
        default=WINDOW_SECONDS,
        help=f"With --publish: seconds per window, one publish each ({WINDOW_SECONDS}).",
    )
    parser.add_argument(
        "--urls",
        type=int,
        default=URL_COUNT,
        help=f"With --publish: how many different URLs to read ({URL_COUNT}); a site with fewer "
        "is topped up with generated posts (seed_scale) first.",
    )


def load_mode(env, mode, pages, args):
    paths = [pages[name] for name in LOAD_PAGES if pages.get(name)]
    cache = {"PAGE_CACHE": "on" if mode == "warm" else "off"}
    with running({**env, **cache}, args.port, gunicorn_args(args)) as server:
        warm_up(server, paths, args)
        # What the full-page cache does with each page: one uncached page in the mix sets the p99.
        cache_states = {path: page_cache_state(server, path) for path in paths}
        log(
            f"  {mode}: {args.connections} connections for {args.duration} s over {len(paths)} pages"
        )
        # No drain: gunicorn is stopped next, and a backlog of slow pages could take minutes.
        result = wrk(server, paths, args, args.duration, drain=False)
        print_load_table(mode, cache_states, result, args)
        if result.errors:
            # Django logs every 5xx with its path; timeouts and resets show in the table only.
            log(f"--- gunicorn output (last lines) ---\n{server.output_tail()}\n---")
    return result


def print_load_table(mode, cache_states, result, args):
    print(
        f"\n### Load test, {mode_label(mode)}: {args.connections} connections, {args.duration} s\n"
    )
    pages = ", ".join(f"`{path}` ({state})" for path, state in cache_states.items())
    print(f"Pages ({PAGE_CACHE_HEADER}): {pages}\n")
    statuses = ", ".join(f"{code}: {count}" for code, count in sorted(result.statuses.items()))
    print("| requests | requests/s | p50 ms | p99 ms | non-2xx/3xx | socket errors | statuses |")
    print("|---:|---:|---:|---:|---:|---|---|")
    sockets = ", ".join(f"{kind} {count}" for kind, count in result.socket_errors.items())
    print(
        f"| {result.requests} | {result.per_second:.1f} | {result.p50_ms:.1f} | "
        f"{result.p99_ms:.1f} | {result.non_2xx_3xx} | {sockets} | {statuses} |"
    )
    sys.stdout.flush()


def publish_mode(env, args, before_run=None):
    """--publish: the run under gunicorn as the command line sets it; the exit status (1 when it
    missed the target). `before_run` as for publish_load."""
    log("Running the load test with publishing (page cache on)")
    passed = publish_load(
        env, args, gunicorn_args(args), gunicorn_label(args, env), before_run=before_run
    )
    if not passed:
        log("FAILED: a window missed the target, a request failed or a page was stale.")
        return 1
    return 0


# --- The run ----------------------------------------------------------------------------------


def generation_wait(env):
    """Seconds a worker may go on serving the old generation after a publish elsewhere: none with
    Redis (the generation is read on every hit), PAGE_CACHE_GENERATION_SECONDS otherwise, plus a
    little for the fetch to start."""
    if env.get("REDIS_URL"):
        return 0.0
    return float(env.get("PAGE_CACHE_GENERATION_SECONDS") or 0.5) + 0.1


def check_fresh(server, paths, text):
    """The paths whose answer does not show `text` (or that did not answer 200)."""
    stale = []
    for path in paths:
        try:
            status, body, _ = fetch(server.base_url + path, timeout=60)
        except OSError as error:
            log(f"    {path}: no answer ({error})")
            stale.append(path)
            continue
        if status != 200 or text not in body.decode("utf-8", "replace"):
            stale.append(path)
    return stale


def prepare_urls(env, args):
    """The URLs to read and the post to publish, topping the site up with generated posts first
    if it has fewer than --urls URLs."""
    pages, posts, post = discover_urls(env)
    total = len(set(pages) | set(posts))
    needed = scale_posts_needed(total, args.urls)
    if needed:
        log(f"  {total} URLs found, fewer than {args.urls}: seed_scale {needed} (generated posts)")
        # seed_scale lives in the devtools app, which only the development settings install.
        dev_env = {**env, "DJANGO_SETTINGS_MODULE": "practice.settings.dev", "DEBUG": "false"}
        manage(dev_env, "seed_scale", str(needed))
        args.scaled = needed
        pages, posts, post = discover_urls(env)
    urls = choose_urls(pages, posts, args.urls, must=[post["url"], post["blog"]])
    if len(urls) < args.urls:
        log(f"  warning: only {len(urls)} distinct URLs (asked for {args.urls})")
    return urls, post


def keep_answering(server, urls):
    """The URLs that answer 200 (the others are left out of the run, and said so)."""
    kept = []
    for path in urls:
        try:
            status = fetch(server.base_url + path, timeout=60)[0]
        except OSError as error:
            raise BenchError(f"{path} gave no answer: {error}") from error
        if status == 200:
            kept.append(path)
        else:
            log(f"  left out: {path} answered {status}")
    return kept


def publish_load(env, args, gunicorn_args=(), gunicorn_label="gunicorn", before_run=None):
    """The whole run; prints the table and returns whether it met the target. `before_run` is
    called once the URLs are known (and generated posts seeded, if it took that)."""
    urls, post = prepare_urls(env, args)
    if before_run is not None:
        before_run()
    token = secrets.token_hex(3)
    publisher = Publisher(env)
    windows = []
    try:
        with running({**env, "PAGE_CACHE": "on"}, args.port, gunicorn_args) as server:
            urls = keep_answering(server, urls)
            warm_up(server, urls, args)
            state = fetch(server.base_url + post["url"])[2].get(PAGE_CACHE_HEADER, "-")
            log(
                f"  {args.connections} connections, {len(urls)} URLs, {args.windows} windows of "
                f"{args.window} s; publishing {post['url']} (pk {post['pk']}, {state} after the "
                "warm-up)"
            )
            windows = run_windows(server, publisher, post, urls, args, token, generation_wait(env))
            if any(window.result.errors for window in windows):
                log(f"--- gunicorn output (last lines) ---\n{server.output_tail()}\n---")
    finally:
        # However the run ended (Ctrl-C too), the post gets its own summary back.
        try:
            publisher.restore(post["pk"])
        except (BenchError, OSError, ValueError) as error:
            log(f"  warning: the post's summary was not put back: {error}")
        publisher.close()
    print(format_table(windows, args, len(urls), gunicorn_label))
    sys.stdout.flush()
    return run_passed(windows)


class Check(threading.Thread):
    """The staleness check after a publish, beside the window's wrk run: wait for the generation
    to reach every worker, then fetch the post and its blog (they queue with everyone else)."""

    def __init__(self, server, paths, text, wait):
        super().__init__(daemon=True)
        self.server, self.paths, self.text, self.wait = server, paths, text, wait
        self.stale, self.seconds = list(paths), None

    def run(self):
        started = time.monotonic()
        time.sleep(self.wait)
        self.stale = check_fresh(self.server, self.paths, self.text)
        self.seconds = time.monotonic() - started


def run_windows(server, publisher, post, urls, args, token, wait):
    """The windows back to back, wrk never idle between them: each starts wrk, publishes the post
    (once the previous check is done: a newer summary would make it look stale) and checks it
    beside the load."""
    threads = min(args.threads, args.connections)
    command = wrk_command(
        server,
        urls,
        args,
        args.window,
        script=WRK_URLS_SCRIPT,
        script_args=[str(args.connections), str(threads)],
    )
    windows, checks = [], []
    began = time.monotonic()
    for number in range(1, args.windows + 1):
        started = time.monotonic()
        wrk_process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            if checks:
                checks[-1][1].join()
            published_at = time.monotonic() - started
            text = marker(token, number)
            publish_ms, publish_error, check = None, "", None
            try:
                publish_ms = publisher.publish(post["pk"], text)["ms"]
            except BenchError as error:
                publish_error = str(error)
            if not publish_error:
                check = Check(server, [post["url"], post["blog"]], text, wait)
                check.start()
            stdout, stderr = wrk_process.communicate(timeout=args.window + args.timeout + 60)
        except BaseException:
            wrk_process.kill()
            wrk_process.wait()
            raise
        result = wrk_result(wrk_process.returncode, stdout, stderr)
        window = Window(
            number,
            started - began,
            result,
            publish_ms,
            publish_error=publish_error,
            published_at_s=published_at,
        )
        windows.append(window)
        if check is not None:
            checks.append((window, check))
        log(
            f"  window {number}: published at {published_at:.1f} s in {publish_ms or 0:.0f} ms, "
            f"{result.requests} requests, p50 {result.p50_ms:.0f} ms, p99 {result.p99_ms:.0f} ms, "
            f"{result.describe_errors()} errors"
        )
    for window, check in checks:
        check.join()
        window.checked, window.stale, window.check_s = len(check.paths), check.stale, check.seconds
        log(
            f"  window {window.number}: stale {len(check.stale)}/{len(check.paths)} after "
            f"{check.seconds or 0:.1f} s"
        )
    return windows
