"""`make load-test PUBLISH=1` (devtools.bench_publish, bench_windows, bench_load): the pure parts.
The figures of a window come from wrk's JSON line, a window passes with p99 <= 300 ms, no error
and no stale page, the URLs are chosen distinct and spread over the posts, the summary's marker
fits the field, and the Makefile and scripts/bench.py pass --publish on. The real run (gunicorn, wrk, a publishing
process) is `make load-test PUBLISH=1`, not a test: it takes minutes."""

import itertools
import json
import subprocess
import sys

import pytest

from devtools.bench_publish import (
    SUMMARY_MAX,
    choose_urls,
    marked_summary,
    marker,
    scale_posts_needed,
)
from devtools.bench_windows import TARGET_P99_MS, Window, format_table, run_passed, window_result
from devtools.servers import ROOT


def wrk_json(**changes):
    data = {
        "duration_us": 10_000_000,
        "requests": 1_200,
        "bytes": 9_000_000,
        "connect": 0,
        "read": 0,
        "write": 0,
        "timeout": 0,
        "status": 0,
        "p50_us": 41_500,
        "p90_us": 120_000,
        "p99_us": 250_000,
        "max_us": 400_000,
        "statuses": {"200": 1_200},
    }
    data.update(changes)
    return json.dumps(data)


def window(number=1, stale=(), publish_error="", **changes):
    return Window(
        number=number,
        start_s=(number - 1) * 10.2,
        result=window_result(wrk_json(**changes)),
        publish_ms=180.0,
        checked=2,
        stale=list(stale),
        publish_error=publish_error,
    )


def test_window_statistics_come_from_wrk_json_in_milliseconds():
    result = window_result(wrk_json())
    assert result.requests == 1_200
    assert result.per_second == pytest.approx(120.0)
    assert result.p50_ms == pytest.approx(41.5)
    assert result.p99_ms == pytest.approx(250.0)
    assert result.errors == 0
    # A dict (already parsed) is taken as it is.
    assert window_result(json.loads(wrk_json())).p99_ms == pytest.approx(250.0)


def test_errors_are_non_2xx_3xx_answers_and_socket_errors():
    result = window_result(wrk_json(status=3, timeout=2, read=1, statuses={"200": 1195, "503": 3}))
    assert result.errors == 6
    assert result.describe_errors() == "6 (non-2xx/3xx 3, read 1, timeout 2)"


def test_a_window_meets_the_target_at_300_ms_and_no_error():
    assert TARGET_P99_MS == 300
    assert window(p99_us=300_000).passed()
    assert window(p99_us=300_001).misses() == ["p99 300 > 300 ms"]
    assert window(p99_us=1_234_000).misses() == ["p99 1,234 > 300 ms"]
    assert window(status=1, statuses={"200": 1199, "500": 1}).misses() == ["1 errors"]
    assert window(timeout=1).misses() == ["1 errors"]
    assert window(stale=["/blog/"]).misses() == ["1 stale"]
    assert window(publish_error="boom").misses() == ["publish failed"]
    assert window(p99_us=900_000, connect=2).misses() == ["p99 900 > 300 ms", "2 errors"]


def test_the_run_passes_only_when_every_window_does():
    good = [window(n) for n in range(1, 7)]
    assert run_passed(good)
    assert not run_passed([*good, window(7, p99_us=301_000)])
    assert not run_passed([*good, window(7, stale=["/blog/x/"])])
    assert not run_passed([])  # nothing measured is no pass


def test_the_table_has_a_row_per_window_the_target_and_the_verdict():
    class Args:
        connections = 64
        window = 10

    windows = [window(1), window(2, p99_us=812_000, status=2, stale=["/blog/"])]
    table = format_table(windows, Args, 200, "gunicorn: 2 sync workers")
    lines = table.splitlines()
    assert "64 connections, 200 URLs, a post published every 10 s" in table
    assert "Target: p99 ≤ 300 ms in every window, 0 errors" in table
    rows = [line for line in lines if line.startswith("| 1 (") or line.startswith("| 2 (")]
    assert len(rows) == 2
    assert rows[0].endswith("| ok |")
    assert "| 0/2 |" in rows[0]
    assert "**miss**: p99 812 > 300 ms; 2 errors; 1 stale" in rows[1]
    assert "stale after publish: 1 (of 4 checks)" in table
    assert "- stale in window 2: `/blog/`" in table
    assert "**FAIL**: 1 of 2 windows miss the target (2)." in table
    assert "**PASS**" in format_table([window(1)], Args, 200, "gunicorn")


def test_urls_are_distinct_with_the_must_haves_and_pages_first():
    pages = ["/", "/blog/", "/about/", "/blog/"]
    posts = [f"/blog/post-{n}/" for n in range(1000)]
    urls = choose_urls(pages, posts, 200, must=["/blog/post-0/", "/blog/"])
    assert len(urls) == 200
    assert len(set(urls)) == 200
    assert urls[:4] == ["/blog/post-0/", "/blog/", "/", "/about/"]
    chosen_posts = urls[4:]
    # Spread from the newest to the oldest, not the first 196.
    assert chosen_posts[0] == "/blog/post-1/"
    assert chosen_posts[-1] == "/blog/post-999/"
    numbers = [int(url.split("-")[1].strip("/")) for url in chosen_posts]
    gaps = {later - earlier for earlier, later in itertools.pairwise(numbers)}
    assert gaps <= {5, 6}  # 998 posts left over 196 places: every fifth or sixth


def test_every_url_when_there_are_fewer_than_asked():
    urls = choose_urls(["/", "/about/"], ["/blog/a/", "/blog/b/", "/"], 200)
    assert urls == ["/", "/about/", "/blog/a/", "/blog/b/"]
    assert choose_urls(["/a/", "/b/", "/c/"], ["/blog/x/"], 2) == ["/a/", "/b/"]
    assert choose_urls([], ["/blog/x/", "/blog/y/"], 1) == ["/blog/x/"]


def test_a_site_with_too_few_urls_is_topped_up_with_enough_generated_posts():
    assert scale_posts_needed(46, 200) == 200
    assert scale_posts_needed(199, 200) == 200
    assert scale_posts_needed(200, 200) == 0
    assert scale_posts_needed(1300, 200) == 0


def test_the_marker_fits_the_summary_and_is_plain_text():
    text = marker("a1b2c3", 4)
    assert text == "Load test publish 4 of run a1b2c3."
    assert all(character.isalnum() or character in " ." for character in text)
    assert marked_summary("A short summary.", text) == f"A short summary. {text}"
    long = marked_summary("x" * SUMMARY_MAX, text)
    assert len(long) <= SUMMARY_MAX
    assert long.endswith(text)


def test_the_lua_script_gives_each_connection_its_own_offset():
    script = (ROOT / "scripts" / "wrk_urls.lua").read_text()
    assert "connection * #paths / connections" in script
    assert "WRK_JSON" in script


def test_bench_passes_publish_on_and_make_offers_it():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import bench
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    args = bench.parse_args(["--publish"])
    assert (args.load, args.mode, args.connections, args.duration, args.windows) == (
        True,
        "warm",
        64,
        60,
        6,
    )
    assert args.urls == 200
    assert bench.parse_args(["--load", "--publish", "--duration", "25"]).windows == 2
    assert bench.gunicorn_args(bench.parse_args(["--publish"])) == []
    gthread = bench.parse_args(
        ["--publish", "--worker-class", "gthread", "--gunicorn-threads", "4"]
    )
    assert bench.gunicorn_args(gthread) == ["--worker-class", "gthread", "--threads", "4"]
    with pytest.raises(SystemExit):
        bench.parse_args(["--publish", "--mode", "cold"])
    for command in (["load-test", "PUBLISH=1"], ["load-test", "BENCH_ARGS=--publish"]):
        dry_run = subprocess.run(
            ["/usr/bin/make", "-n", "-o", ".venv/.installed", *command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "scripts/bench.py --load" in dry_run
        assert "--publish" in dry_run


@pytest.mark.django_db
def test_the_publishing_process_publishes_revisions_that_bump_the_generation(
    site, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """What the run's separate Django process does with each command: a new revision of the post,
    published through Wagtail (so the page cache's generation moves), and the original summary
    back at the end."""
    import io

    from blog.models import BlogPostPage
    from devtools.bench_publish import serve_commands
    from practice.page_cache import current_generation, forget_generation
    from tests.factories import BlogIndexPageFactory, BlogPostPageFactory

    blog = BlogIndexPageFactory(parent=site.root_page)
    post = BlogPostPageFactory(parent=blog, summary="What to expect in a first session.")
    settings.PAGE_CACHE_SHARED = False  # the generation in the database, as without Redis
    # The process closes stale connections between commands; here that would be the test's own.
    monkeypatch.setattr("django.db.close_old_connections", lambda: None)
    forget_generation()
    before = current_generation()
    commands = [
        {"command": "ping"},
        {"command": "publish", "pk": post.pk, "text": marker("abc123", 1)},
        {"command": "publish", "pk": post.pk, "text": marker("abc123", 2)},
        {"command": "restore", "pk": post.pk},
        {"command": "restore", "pk": post.pk + 1000},  # never published: left alone
        {"command": "unpublish"},
    ]
    # What creating the pages left waiting for the commit would have run before the test began.
    from django.db import connection

    connection.run_on_commit.clear()
    stdout, originals = io.StringIO(), {}
    for command in commands:
        # Each command is its own transaction in the real process, committed at its end.
        with django_capture_on_commit_callbacks(execute=True):
            serve_commands(io.StringIO(json.dumps(command) + "\n"), stdout, originals)
        connection.run_on_commit.clear()  # committed: nothing is waiting any more
    answers = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert [answer["ok"] for answer in answers] == [True, True, True, True, True, False]
    assert answers[2]["summary"] == (
        "What to expect in a first session. Load test publish 2 of run abc123."
    )
    assert "unknown command" in answers[5]["error"]
    live = BlogPostPage.objects.get(pk=post.pk)
    assert live.summary == "What to expect in a first session."
    assert live.live_revision_id == answers[3]["revision"]
    forget_generation()
    assert current_generation() == before + 3  # each publish, the restore too
