"""Configuration comes from the environment; production refuses to start without its secrets."""

import os
import re
import subprocess
import sys
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENV = {
    "SECRET_KEY": "a-long-random-value-" + "x" * 50,
    "ALLOWED_HOSTS": "www.example.com",
    "DATABASE_URL": "sqlite:////tmp/practice-config-test.sqlite3",
}


def run_manage(args, env_overrides, drop=()):
    # The test process's own switches (async-unsafe for Playwright, the test database) must not leak.
    drop = {*drop, "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "DEBUG"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "practice.settings.production"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_without_secret_key_stops_with_a_clear_message():
    result = run_manage(["check"], {"ALLOWED_HOSTS": "www.example.com"}, drop=("SECRET_KEY",))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_without_allowed_hosts_stops_with_a_clear_message():
    env = {**GOOD_ENV}
    del env["ALLOWED_HOSTS"]
    result = run_manage(["check"], env, drop=("ALLOWED_HOSTS",))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_check_deploy_is_clean():
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], GOOD_ENV)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.findall(r"\((\w+\.[EW]\d+)\)", output) == []
    assert "System check identified no issues (1 silenced)" in result.stdout


def test_production_check_deploy_is_clean_once_hsts_preload_is_chosen():
    result = run_manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {**GOOD_ENV, "SECURE_HSTS_PRELOAD": "true"},
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)" in result.stdout


def test_database_url_selects_the_database():
    from django.conf import settings

    expected = os.environ.get("DATABASE_URL")
    engine = settings.DATABASES["default"]["ENGINE"]
    if expected:
        assert engine == dj_database_url.parse(expected)["ENGINE"]
    else:
        assert engine == "django.db.backends.sqlite3"


def test_production_collects_compressed_hashed_static_files(tmp_path):
    result = run_manage(
        ["collectstatic", "--noinput", "-v0"], {**GOOD_ENV, "STATIC_ROOT": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    css = {p.name for p in (tmp_path / "css").iterdir()}
    hashed = [name for name in css if re.fullmatch(r"site\.[0-9a-f]{12}\.css", name)]
    assert hashed, css
    assert f"{hashed[0]}.gz" in css
    assert (tmp_path / "staticfiles.json").exists()
