"""Run the site as production does: gunicorn with the repo's gunicorn.conf.py and the production
settings on a loopback port, started, waited for until /healthz answers 200, and stopped. The one
harness for the tests that need real workers (two instances, rate limits, headers, the second
factor), `make bench` (scripts/bench.py) and `make fault-check` (scripts/db_restart_check.py).

    env = production_env(database_url, static_root, PAGE_CACHE_HEADER="on")
    collect_static(env)
    with gunicorn(env, free_port()) as base_url:
        ...

Standard library only, and no Django import: the scripts import it before any settings exist.
"""

# Every subprocess here runs this interpreter with fixed arguments, never a shell; every URL
# opened is the loopback server started here.
# ruff: noqa: S603, S310

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class ServerError(RuntimeError):
    """gunicorn exited or did not answer in time: the message says which."""


def in_ci():
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def free_port():
    """A TCP port nothing listens on now (the OS picks it), for a server started here."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_in_use(port):
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def database_url(connection):
    """The DATABASE_URL of the database a Django `connection` uses (a test's own database)."""
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def production_env(database_url, static_root, **extra):
    """The environment of production settings served over plain HTTP on loopback: a fresh secret
    key, no HTTPS redirect or secure-only cookies, one worker and no access log unless `extra`
    says otherwise (its values win)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="practice.settings.production",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,www.practice.test",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        STATIC_ROOT=str(static_root),
        WEB_CONCURRENCY="1",
        GUNICORN_ACCESS_LOG="",
        LOG_LEVEL="WARNING",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def collect_static(env):
    """collectstatic into the environment's STATIC_ROOT, as a deployment does."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )


def fetch(url, timeout=30):
    """GET a URL: (status, body, headers). HTTP errors are answers too, not exceptions; no answer
    at all (refused, reset, timed out) raises OSError."""
    request = urllib.request.Request(url, headers={"User-Agent": "practice-devtools"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def worker_pids(master_pid):
    """The PIDs of a gunicorn master's workers, as Linux lists its children (empty elsewhere)."""
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text()
    except OSError:
        return frozenset()
    return frozenset(int(pid) for pid in children.split())


class Gunicorn:
    """gunicorn serving the site with `env` on 127.0.0.1:`port`, in its own session (a Ctrl-C in
    the terminal reaches the caller, which then stops it in order), its output in `log_path` or a
    temporary file. `args` are added to its command line after gunicorn.conf.py, so they win;
    `workers`, if given, is how many workers must be up before it counts as started."""

    def __init__(self, env, port, *, args=(), log_path=None, workers=None, timeout=60):
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        self.port = port
        self.args = list(args)
        self.workers = workers
        self.timeout = timeout
        self.base_url = f"http://127.0.0.1:{port}"
        self._scratch = None
        if log_path is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="gunicorn-")
            log_path = Path(self._scratch.name) / "gunicorn.log"
        self.log_path = Path(log_path)
        self.process = None

    def start(self):
        """Start gunicorn and wait until /healthz answers 200 (and the workers asked for are up);
        ServerError if it exits or does not answer within `timeout` seconds."""
        with self.log_path.open("ab") as log:  # appended to; gunicorn keeps its own copy
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", *self.args]
                + ["practice.wsgi"],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + self.timeout
        while True:
            if self.process.poll() is not None:
                raise ServerError(
                    f"gunicorn exited with status {self.process.returncode}:\n{self.output_tail()}"
                )
            if self.answers() and (self.workers is None or len(self.worker_pids()) >= self.workers):
                return self
            if time.monotonic() > deadline:
                raise ServerError(
                    f"gunicorn did not answer /healthz with 200 within {self.timeout} s"
                )
            time.sleep(0.2)

    def answers(self, timeout=5):
        try:
            return fetch(self.base_url + "/healthz", timeout=timeout)[0] == 200
        except OSError:  # not listening yet, or still starting
            return False

    def worker_pids(self):
        return worker_pids(self.process.pid) if self.process is not None else frozenset()

    def stop(self, timeout=40):
        """SIGTERM, gunicorn's graceful shutdown (its graceful_timeout is 30 s); then SIGKILL to
        the whole process group if it is still there after `timeout` seconds."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def close(self):
        """Stop the server and remove its temporary log (a `log_path` given is kept)."""
        self.stop()
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    def output_tail(self, lines=30, width=400):
        """The last lines gunicorn and Django logged, each cut to its start and end (a logged
        traceback is one long JSON line: its message leads and the exception comes last)."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        half = width // 2
        return "\n".join(
            line if len(line) <= width else f"{line[:half]} [...] {line[-half:]}"
            for line in text.splitlines()[-lines:]
        )


@contextmanager
def running(env, port, **options):
    """A started `Gunicorn` for the duration of the block, stopped however the block ends."""
    server = Gunicorn(env, port, **options)
    try:
        yield server.start()
    finally:
        server.close()


@contextmanager
def gunicorn(env, port, **options):
    """The base URL of a gunicorn serving the site on 127.0.0.1:port until the block ends."""
    with running(env, port, **options) as server:
        yield server.base_url
