"""Check that the site rides out a PostgreSQL restart and loses nothing it said it had kept.

    .venv/bin/python scripts/db_restart_check.py --database h_fault_run

Sets up a database (a scratch one named by --database, created and dropped here; without it the
database of DATABASE_URL, which must be PostgreSQL, is migrated and seeded in place), serves the
site with gunicorn and the production settings on loopback, and sends simulated visitors at it:
they read pages, post blog comments and send consultation requests, each submission carrying a
unique marker. Midway the local PostgreSQL cluster is stopped for a couple of seconds and started
again. Afterwards the site's idle database connections are cut behind its back (as a restart at
a quiet hour would leave them) and a few more visits are made. The check fails (exit 1) when:

- /healthz is not 200 again within --recovery-timeout seconds of PostgreSQL accepting connections,
  or visitors still get 503s after that;
- any answer is a 5xx other than the calm 503 page, or anything else unexpected (a 400 or 403 to a
  well-formed submission, a connection error, a timeout);
- a request right after the idle connections were cut fails at all (even with a 503);
- a submission that got its success answer (the redirect to the thanks page / "received" note) is
  not in the database afterwards;
- gunicorn had to be restarted or replaced a worker (the app must recover by itself).

Exit 2 means the check could not be set up (bad arguments, migrate or seed failed, no server).
It restarts the machine's PostgreSQL cluster, so everything else using it sees a short outage.
Needs root or the postgres user (pg_ctlcluster) and the project's virtualenv (requests, psycopg2).
"""

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the project's devtools, when run as `python scripts/...`

import psycopg2  # noqa: E402

from devtools.fault_postgres import (  # noqa: E402
    SetupError,
    create_scratch_database,
    delete_markers,
    drop_scratch_database,
    ensure_postgres_running,
    find_cluster,
    log,
    resolve_database,
    restart_postgres,
    stored_markers,
)
from devtools.fault_report import Report, check_gunicorn  # noqa: E402
from devtools.fault_traffic import (  # noqa: E402
    POST_PATH,
    HealthProbe,
    Traffic,
    Visitor,
    preflight,
    stale_connection_round,
)
from devtools.servers import Gunicorn, ServerError, production_env  # noqa: E402

TAIL_SECONDS = 3  # traffic continues this long past the recovery limit


def site_environment(args, url, workdir):
    """Production settings on loopback (devtools.servers), with what the simulated visitors need."""
    return production_env(
        url,
        workdir / "static",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Each simulated visitor sends its own X-Forwarded-For, so the per-address rate limits
        # see many people rather than one very busy one.
        TRUSTED_PROXY_COUNT="1",
        MEDIA_ROOT=workdir / "media",
        # No mail server here; the notice is built and kept in memory, as in the tests.
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        WEB_CONCURRENCY=args.workers,
        GUNICORN_ACCESS_LOG=workdir / "access.log",
        # No planned worker recycling during the run, so a changed worker PID can only mean a
        # crash or a timeout.
        GUNICORN_MAX_REQUESTS="0",
        # The level production runs at unless the environment says otherwise.
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
    )


def start_gunicorn(args, env, workdir):
    """gunicorn, once /healthz answers and every worker is up (the check counts them)."""
    server = Gunicorn(env, args.port, log_path=workdir / "gunicorn.log", workers=args.workers)
    try:
        return server.start()
    except ServerError as exc:
        server.stop()
        raise SetupError(f"{str(exc).splitlines()[0]}; see {workdir}/gunicorn.log") from None


def manage(env, *command):
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py, no shell
        [sys.executable, "manage.py", *command],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SetupError(f"manage.py {' '.join(command)} failed:\n{result.stdout}{result.stderr}")


def run(args):
    url, scratch = resolve_database(args)
    cluster = find_cluster(url, args.pg_version)
    run_id = secrets.token_hex(4)
    workdir = Path(tempfile.mkdtemp(prefix="h_fault_"))
    server = None
    failures = None
    try:
        name = urlsplit(url).path.lstrip("/")
        if scratch:
            log(f"creating scratch database {name}")
            create_scratch_database(url)
        else:
            log(f"using {name} from DATABASE_URL (this run's submissions are deleted afterwards)")
        env = site_environment(args, url, workdir)
        log("migrate, seed_demo, collectstatic")
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        manage(env, "collectstatic", "--noinput")
        log(f"starting gunicorn on 127.0.0.1:{args.port}")
        server = start_gunicorn(args, env, workdir)
        traffic = Traffic(
            base=f"http://127.0.0.1:{args.port}", run_id=run_id, post_path=args.post_path
        )
        preflight(traffic.base, args.post_path)
        workers_before = server.worker_pids()

        threads = [HealthProbe(traffic, server.process.pid)] + [
            Visitor(traffic, n) for n in range(1, args.visitors + 1)
        ]
        t0 = time.monotonic()
        log(
            f"{args.visitors} visitors for about {args.duration:g} s; restart at +{args.restart_at:g} s"
        )
        for thread in threads:
            thread.start()
        time.sleep(args.restart_at)
        log(f"restarting PostgreSQL {'/'.join(cluster)} (down {args.down:g} s)")
        try:
            outage = restart_postgres(cluster, url, args.down)
        finally:
            ensure_postgres_running(cluster, url)
        # Keep visiting until the planned end, and a few seconds past the recovery limit, so the
        # recovered site is seen serving and storing again and a late 503 would be caught.
        back = outage.accepting or time.monotonic()
        end = max(t0 + args.duration, back + args.recovery_timeout + TAIL_SECONDS)
        time.sleep(max(0.0, end - time.monotonic()))
        traffic.stop.set()
        for thread in threads:
            thread.join(timeout=30)
        stale = stale_connection_round(traffic, url, args.workers)
        gunicorn_check = check_gunicorn(server.process, workers_before, traffic)
        stored = stored_markers(url, run_id)
        report = Report(args, traffic, outage, t0)
        print(
            f"\nPostgreSQL restart check: {traffic.base}, {args.visitors} visitors, {args.workers} workers"
        )
        report.postgres()
        report.health()
        report.answers()
        report.stale(*stale)
        report.submissions(stored)
        report.gunicorn(gunicorn_check)
        failures = report.verdict()
        if not scratch:
            delete_markers(url, run_id)
        return 1 if failures else 0
    finally:
        if server is not None:
            server.stop()
        ensure_postgres_running(cluster, url)
        if scratch:
            try:
                drop_scratch_database(url)
            except psycopg2.Error as exc:
                print(f"Could not drop the scratch database: {exc}", file=sys.stderr)
        if failures is None or failures:
            print(f"Logs kept in {workdir} (gunicorn.log, access.log)")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database",
        help="scratch database to create and drop (default: DATABASE_URL's, else h_fault_run)",
    )
    parser.add_argument("--port", type=int, default=8720, help="gunicorn's port (default 8720)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--visitors", type=int, default=6, help="concurrent visitors (default 6)")
    parser.add_argument(
        "--duration", type=float, default=20, help="seconds of traffic, at least (default 20)"
    )
    parser.add_argument(
        "--restart-at", type=float, default=6, help="seconds into the traffic (default 6)"
    )
    parser.add_argument(
        "--down", type=float, default=2, help="seconds PostgreSQL stays stopped (default 2)"
    )
    parser.add_argument(
        "--recovery-timeout",
        type=float,
        default=10,
        help="seconds the site may take to answer 200 after PostgreSQL is back (default 10)",
    )
    parser.add_argument(
        "--post-path", default=POST_PATH, help=f"blog post to comment on ({POST_PATH})"
    )
    parser.add_argument("--pg-version", help="cluster version for pg_ctlcluster (default: found)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        return run(args)
    except SetupError as exc:
        print(f"Setup failed: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
