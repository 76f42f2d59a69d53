"""How the tests are handed out and kept apart (loaded from pyproject.toml: `-p tests.scheduling`).

`--dist loadfile`, except that the browser journeys are handed out one at a time. Other files
stay whole on one worker, so a module's shared fixtures are built once. A journey shares nothing
with the rest of its file but session fixtures (each worker has its own Chromium and live
server), so handing journeys out one by one keeps both workers busy to the end instead of
leaving one idle while the other runs a long file of journeys. xdist orders the work by its
number of tests, largest first, so the single journeys come last.
"""

import os
import tempfile

import pytest


def is_browser_test(nodeid):
    return nodeid.replace(os.sep, "/").startswith("tests/browser/")


# tryfirst: ahead of xdist's own implementation, which answers for every --dist mode.
@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class JourneysOneByOne(LoadFileScheduling):
        def _split_scope(self, nodeid):
            if is_browser_test(nodeid):
                return nodeid
            return super()._split_scope(nodeid)

    return JourneysOneByOne(config, log)


# Test files that empty a fixed Redis database (FLUSHDB) that another test run on the same machine
# would use at the same time: .ci/run runs the newest-Wagtail suite alongside `make test`. Their
# tests take a lock shared by every run on the machine, one test at a time.
ONE_RUN_AT_A_TIME = {"tests/practice/test_two_instances.py": "redis-db-14"}
LOCK_DIR = os.environ.get("TEST_LOCK_DIR") or tempfile.gettempdir()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    name = ONE_RUN_AT_A_TIME.get(item.nodeid.replace(os.sep, "/").split("::")[0])
    if name is None:
        yield
        return
    import fcntl

    with open(os.path.join(LOCK_DIR, f"practice-tests-{name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
