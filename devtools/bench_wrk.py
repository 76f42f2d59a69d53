"""`make bench` / `make load-test` (scripts/bench.py), measuring: gunicorn started through the
project's harness (devtools.servers), pages warmed up, then driven with wrk, whose Lua script
(scripts/wrk_report.lua) reports the figures as one JSON line."""

# Every subprocess here runs wrk with arguments built here; none goes through a shell.
# ruff: noqa: S603

import json
import shutil
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass

from devtools.bench_site import BenchError, fetch_or_fail, log
from devtools.servers import ROOT, Gunicorn, ServerError, fetch, port_in_use

WRK_SCRIPT = ROOT / "scripts" / "wrk_report.lua"
# Every request asks for compression as a browser does, so pages and the static file are measured
# as visitors get them (whitenoise's pre-compressed file; the page cache's stored gzip copy).
ACCEPT_ENCODING = "gzip, deflate, br"
PAGE_CACHE_HEADER = "X-Page-Cache"  # set by practice/page_cache.py on every page it considers
HEALTH_TIMEOUT = 90  # seconds for gunicorn to answer /healthz; the shared machine is slow


@contextmanager
def running(env, port, gunicorn_args=()):
    """gunicorn for the duration of the block, stopped however the block ends; what it logged
    last is shown when something went wrong. `gunicorn_args` go on its command line after
    gunicorn.conf.py, so they win (e.g. `--worker-class gthread --threads 4`)."""
    if port_in_use(port):
        raise BenchError(f"port {port} is already in use: pick another with --port")
    server = Gunicorn(env, port, args=gunicorn_args, timeout=HEALTH_TIMEOUT)
    try:
        try:
            server.start()
        except ServerError as error:
            raise BenchError(str(error).splitlines()[0]) from None  # its output follows
        yield server
    except BaseException:
        if server.process is not None:
            server.stop()
            log(f"--- gunicorn output (last lines) ---\n{server.output_tail()}\n---")
        raise
    finally:
        server.close()


def wait_for_backlog(server):
    """Wait for the requests wrk left behind when it stopped: the server still works through
    them (up to one per connection), and they must not count against the next measurement.
    The accept queue is first in, first out, so once /healthz answers they have been taken."""
    try:
        fetch(server.base_url + "/healthz", timeout=120)
    except OSError as error:
        log(f"  warning: /healthz did not answer after the run: {error}")


@dataclass
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non_2xx_3xx: int
    socket_errors: dict
    statuses: dict

    @classmethod
    def from_wrk(cls, data):
        return cls(
            requests=data["requests"],
            seconds=data["duration_us"] / 1e6,
            p50_ms=data["p50_us"] / 1000,
            p99_ms=data["p99_us"] / 1000,
            non_2xx_3xx=data["status"],
            socket_errors={kind: data[kind] for kind in ("connect", "read", "write", "timeout")},
            statuses=data.get("statuses", {}),
        )

    @property
    def per_second(self):
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self):
        return self.non_2xx_3xx + sum(self.socket_errors.values())

    def describe_errors(self):
        if not self.errors:
            return "0"
        parts = [f"non-2xx/3xx {self.non_2xx_3xx}"] if self.non_2xx_3xx else []
        parts += [f"{kind} {count}" for kind, count in self.socket_errors.items() if count]
        return f"{self.errors} ({', '.join(parts)})"


def wrk_command(server, paths, args, seconds, connections=None, script=WRK_SCRIPT, script_args=()):
    """wrk's command line: one path, or several to cycle through (after `--`, with the script's
    own `script_args` first)."""
    url = server.base_url + paths[0] if len(paths) == 1 else server.base_url
    connections = connections or args.connections
    command = [
        shutil.which("wrk") or "/usr/bin/wrk",
        f"-t{min(args.threads, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={args.timeout}s",
        "--latency",
        "-H",
        f"Accept-Encoding: {ACCEPT_ENCODING}",
        "-s",
        str(script),
        url,
    ]
    if len(paths) > 1 or script_args:
        command += ["--", *script_args, *paths]
    return command


def wrk_result(returncode, stdout, stderr):
    """The Result of the `WRK_JSON` line the Lua script printed; BenchError without one."""
    for line in stdout.splitlines():
        if line.startswith("WRK_JSON "):
            return Result.from_wrk(json.loads(line.removeprefix("WRK_JSON ")))
    raise BenchError(f"wrk gave no result (exit {returncode}):\n{stdout}{stderr}")


def wrk(server, paths, args, seconds, connections=None, drain=True):
    """Drive one path, or cycle through several, for `seconds`; then let the server drain."""
    command = wrk_command(server, paths, args, seconds, connections)
    result = subprocess.run(command, capture_output=True, text=True)
    if drain:
        wait_for_backlog(server)
    return wrk_result(result.returncode, result.stdout, result.stderr)


def page_cache_state(server, path):
    """What the full-page cache does with this page now: hit, miss, bypass ("-" for files)."""
    return fetch_or_fail(server.base_url + path)[2].get(PAGE_CACHE_HEADER, "-")


def warm_up(server, paths, args):
    """Check each page answers 200, then load them briefly so caches and both workers are warm."""
    for path in paths:
        status, _, _ = fetch_or_fail(server.base_url + path)
        if status != 200:
            raise BenchError(f"{path} answered {status}, not 200")
    if args.warmup > 0:
        # Enough connections to keep every worker busy (each fills its own caches), few enough
        # that the requests left over when wrk stops drain quickly.
        wrk(server, paths, args, args.warmup, connections=min(args.connections, 2 * args.workers))
