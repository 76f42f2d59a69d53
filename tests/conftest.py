import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse ORM
# calls made from the test body of a browser test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    """Browser journeys last: they run on transactional databases that are emptied afterwards."""
    items.sort(key=lambda item: "tests/browser/" in item.nodeid.replace(os.sep, "/"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """pytest-django's test database, and a copy of it as migrated for the tests that build a
    whole site of their own (tests/migrated_database.py)."""
    from tests import migrated_database

    with django_db_blocker.unblock():
        migrated_database.remember_rows()
        if migrated_database.wanted(request.session.items):
            migrated_database.take()
    yield
    with django_db_blocker.unblock():
        migrated_database.drop()


def _empties_the_database(item):
    """Whether the test runs on a transactional database, which Django empties after it."""
    names = getattr(item, "fixturenames", ())
    if "transactional_db" in names or "live_server" in names:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction", marker.args[0] if marker.args else False))


_session = {}


@pytest.fixture(scope="session", autouse=True)
def _keep_django_db_blocker(django_db_blocker):
    """pytest-django's database blocker, for the teardown hook below (hooks get no fixtures)."""
    _session["django_db_blocker"] = django_db_blocker


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test that emptied the database, the migrated rows again (unless the next test
    empties it too), so the seeds after it start from rows they have started from before
    (tests/migrated_database.py `put_back_rows`)."""
    yield
    if nextitem is None or not _empties_the_database(item) or _empties_the_database(nextitem):
        return
    from tests import migrated_database

    with _session["django_db_blocker"].unblock():
        migrated_database.put_back_rows()


@pytest.fixture(scope="session", autouse=True)
def _rendition_files_made_once():
    """Rendition files encoded once per process for the same inputs (tests/rendition_memo.py)."""
    if os.environ.get("RENDITION_MEMO", "").lower() == "off":
        yield
        return
    from wagtail.images import get_image_model

    from tests import rendition_memo

    uninstall = rendition_memo.install(get_image_model())
    yield
    uninstall()


@pytest.fixture(autouse=True)
def _forget_kept_pictures():
    """The pictures' markup and link-preview renditions kept per process (practice_images) name
    rendition rows and files that a test's rollback takes away: none outlives its test."""
    yield
    from practice.templatetags.practice_images import forget_pictures

    forget_pictures()


@pytest.fixture
def root_page(db):
    from practice.demo import ensure_tree_roots

    return ensure_tree_roots()


@pytest.fixture
def home_page(root_page):
    """A live HomePage served as the default site, whatever state the database was left in."""
    from wagtail.models import Site

    from tests.factories import HomePageFactory

    home = HomePageFactory(parent=root_page)
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Test"
    )
    return home


@pytest.fixture
def site(home_page):
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]


@pytest.fixture
def practice_settings(site):
    from practice.models import PracticeSettings

    settings = PracticeSettings.for_site(site)
    settings.practice_name = "Blair Wellness Group"
    settings.phone = "310-999-4996"
    settings.email = "hello@example.com"
    settings.hours_summary = "7 days a week, including evenings and weekends"
    settings.opening_hours = [("hours", {"days": WEEKDAYS, "opens": "08:00", "closes": "21:00"})]
    settings.cta_heading = "Looking for a local psychologist?"
    settings.cta_text = "Call us today."
    settings.notice_enabled = True
    settings.notice_text = "We meet in person, by phone and by video, 7 days a week."
    settings.crisis_text = '<p>In a crisis, call or text <a href="tel:988">988</a>.</p>'
    settings.save()
    return settings


@pytest.fixture
def team_index(home_page):
    from tests.factories import TeamIndexPageFactory

    return TeamIndexPageFactory(parent=home_page)


@pytest.fixture
def clinician(team_index):
    from tests.factories import ClinicianPageFactory

    return ClinicianPageFactory(
        parent=team_index,
        title="Dr. Cassidy Blair",
        slug="dr-cassidy-blair",
        license_number="22022",
    )


@pytest.fixture
def admin_user(db):
    from tests.factories import SuperUserFactory

    return SuperUserFactory(username="admin")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def therapy_index(home_page):
    from tests.factories import TherapyIndexPageFactory

    return TherapyIndexPageFactory(parent=home_page)


@pytest.fixture
def condition_index(home_page):
    from tests.factories import ConditionIndexPageFactory

    return ConditionIndexPageFactory(parent=home_page)


@pytest.fixture
def demo(root_page):
    """The whole demo practice, as `manage.py seed_demo` builds it (copied back from an earlier
    seed that started from the same rows, on PostgreSQL: tests/demo_snapshot.py)."""
    from tests.demo_snapshot import seed_demo_in_transaction

    seed_demo_in_transaction("--no-index")


@pytest.fixture(scope="module")
def module_demo(django_db_setup, django_db_blocker):
    """The whole demo, seeded and indexed once for a test module inside a transaction that is
    rolled back after the module (each test's own transaction nests inside it as a savepoint).
    Use it through `shared_demo`, for every test of a module: a test that does not ask for it
    would still see the demo once an earlier test of the module has."""
    from contextlib import ExitStack

    from django.core.cache import cache
    from django.db import transaction

    from practice.demo import ensure_tree_roots
    from tests.demo_snapshot import seed_demo_in_transaction

    with ExitStack() as outer:
        with django_db_blocker.unblock():
            outer.enter_context(transaction.atomic())
            ensure_tree_roots()
            seed_demo_in_transaction()
        yield
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.close()
    # Renditions, menus and site root paths of rolled-back rows must not outlive them.
    cache.clear()


@pytest.fixture
def shared_demo(module_demo, db):
    """The demo of `module_demo` for one test: what the test changes is rolled back after it,
    and caches filled by earlier tests are emptied before it. For modules that read the demo;
    set it for the whole module: `pytestmark = pytest.mark.usefixtures("shared_demo")`."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def blog_index(home_page):
    from tests.factories import BlogIndexPageFactory

    return BlogIndexPageFactory(parent=home_page)


@pytest.fixture
def groups(root_page):
    """The Editors and Clinicians groups, as the data migration makes them."""
    from django.apps import apps

    from blog.permissions import ensure_groups

    ensure_groups(apps)


@pytest.fixture
def clinician_user(groups, clinician, blog_index):
    """Dr. Blair's account: in the Clinicians group and linked to her profile."""
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username="cassidy.blair")
    user.groups.add(Group.objects.get(name="Clinicians"))
    clinician.user = user
    clinician.save()
    return user


@pytest.fixture
def editor_user(groups):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username="editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user
