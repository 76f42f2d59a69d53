"""Relations render both ways, only for live pages, in a number of queries that does not grow.
The conditions and therapies a clinician works with are chosen on their own profile, as links
owned by this app: drafts, previews and publishing carry them, and a database that had the old
tables keeps its choices."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from practice.models import ClinicianPage
from tests.factories import ConditionPageFactory, TherapyPageFactory, clinician_finder_fields

pytestmark = pytest.mark.django_db


def test_therapy_shows_only_live_conditions_and_condition_only_live_therapies(
    client, therapy_index, condition_index, practice_settings
):
    live = ConditionPageFactory(parent=condition_index, title="Anxiety", slug="anxiety")
    draft = ConditionPageFactory(parent=condition_index, title="Draft condition", live=False)
    therapy = TherapyPageFactory(
        parent=therapy_index, title="CBT", slug="cbt", conditions=[live, draft]
    )
    hidden = TherapyPageFactory(
        parent=therapy_index, title="Hidden therapy", live=False, conditions=[live]
    )

    html = client.get(therapy.url).content.decode()
    assert 'href="/conditions/anxiety/">Anxiety</a>' in html
    assert "Draft condition" not in html

    html = client.get(live.url).content.decode()
    assert 'href="/therapies/cbt/"' in html
    assert hidden.title not in html


def test_condition_without_therapies_has_no_empty_section(
    client, condition_index, practice_settings
):
    page = ConditionPageFactory(parent=condition_index, title="Grief", slug="grief")
    assert "Therapies that can help" not in client.get(page.url).content.decode()


def add_conditions(condition_index, start, count):
    return [
        ConditionPageFactory(parent=condition_index, title=f"Condition {n:03d}")
        for n in range(start, start + count)
    ]


def count_queries(client, url, django_assert_max_num_queries, budget):
    client.get(url)  # warm the per-process caches (site root paths)
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_condition_index_queries_do_not_grow_from_5_to_50_conditions(
    client, condition_index, practice_settings, django_assert_max_num_queries
):
    add_conditions(condition_index, 0, 5)
    five, html = count_queries(client, "/conditions/", django_assert_max_num_queries, 10)
    assert html.count('class="az-item"') == 5
    add_conditions(condition_index, 5, 45)
    fifty, html = count_queries(client, "/conditions/", django_assert_max_num_queries, 10)
    assert html.count('class="az-item"') == 50
    assert fifty == five


def test_therapy_page_queries_do_not_grow_from_5_to_50_conditions(
    client,
    therapy_index,
    condition_index,
    clinician,
    practice_settings,
    django_assert_max_num_queries,
):
    therapy = TherapyPageFactory(
        parent=therapy_index,
        slug="psychodynamic-therapy",
        reviewed_by=clinician,
        last_reviewed=datetime.date(2026, 9, 15),
        conditions=add_conditions(condition_index, 0, 5),
    )
    five, html = count_queries(client, therapy.url, django_assert_max_num_queries, 15)
    assert html.count('href="/conditions/condition-') == 5
    therapy.conditions.add(*add_conditions(condition_index, 5, 45))
    therapy.save()
    fifty, html = count_queries(client, therapy.url, django_assert_max_num_queries, 15)
    assert html.count('href="/conditions/condition-') == 50
    assert fifty == five


# --- The clinician's choices -----------------------------------------------------------------


@pytest.fixture
def pages(therapy_index, condition_index, practice_settings):
    """Live, restricted and draft conditions, and a therapy."""
    anxiety = ConditionPageFactory(parent=condition_index, title="Anxiety", slug="anxiety")
    grief = ConditionPageFactory(parent=condition_index, title="Grief", slug="grief")
    private = ConditionPageFactory(parent=condition_index, title="Members only", slug="members")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    draft = ConditionPageFactory(parent=condition_index, title="Unreleased", live=False)
    cbt = TherapyPageFactory(parent=therapy_index, title="CBT", slug="cbt")
    return {"anxiety": anxiety, "grief": grief, "private": private, "draft": draft, "cbt": cbt}


def profile_form(page, conditions=(), therapies=(), publish=True):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "credentials": page.credentials,
            "role": page.role,
            "license_type": page.license_type,
            "license_number": page.license_number,
            "license_status": "licensed",
            "photo": "",
            "summary": page.summary,
            "bio": rich_text(""),
            "user": page.user_id or "",
            **clinician_finder_fields(page),
            "condition_links": inline_formset([{"condition": c.pk} for c in conditions]),
            "therapy_links": inline_formset([{"therapy": t.pk} for t in therapies]),
        }
    )
    return data | ({"action-publish": "publish"} if publish else {})


def titles(pages):
    return sorted(page.title for page in pages)


def test_clinician_chooses_conditions_and_therapies_on_their_profile_shown_both_ways(
    client, clinician, clinician_user, pages
):
    client.force_login(clinician_user)
    edit = f"/admin/pages/{clinician.pk}/edit/"
    assert 'id="id_condition_links-FORMS"' in client.get(edit).content.decode()

    response = client.post(edit, profile_form(clinician, [pages["anxiety"]], [pages["cbt"]]))
    assert response.status_code == 302
    clinician.refresh_from_db()
    assert titles(clinician.conditions.all()) == ["Anxiety"]
    assert titles(clinician.therapies.all()) == ["CBT"]
    assert titles(pages["anxiety"].clinicians.all()) == [clinician.title]

    html = client.get(clinician.url).content.decode()
    assert 'href="/conditions/anxiety/">Anxiety</a>' in html
    assert 'href="/therapies/cbt/">CBT</a>' in html
    assert f'href="{clinician.url}"' in client.get(pages["anxiety"].url).content.decode()
    assert f'href="{clinician.url}"' in client.get(pages["cbt"].url).content.decode()


def test_a_clinician_adds_only_public_pages_an_editor_any(
    client, clinician, clinician_user, editor_user, pages
):
    client.force_login(clinician_user)
    edit = f"/admin/pages/{clinician.pk}/edit/"
    for name in ("private", "draft"):
        response = client.post(edit, profile_form(clinician, [pages["anxiety"], pages[name]]))
        assert response.status_code == 200
        assert f"“{pages[name].title}” is not public" in response.content.decode()
        assert not clinician.conditions.exists()

    client.force_login(editor_user)
    response = client.post(edit, profile_form(clinician, [pages["anxiety"], pages["private"]]))
    assert response.status_code == 302
    assert titles(clinician.conditions.all()) == ["Anxiety", "Members only"]
    # A choice already made stays when the clinician saves their profile again.
    client.force_login(clinician_user)
    data = profile_form(clinician, therapies=[pages["cbt"]])
    links = list(clinician.condition_links.all())
    data |= nested_form_data(
        {
            "condition_links": inline_formset(
                [{"id": link.pk, "condition": link.condition_id} for link in links], initial=2
            )
        }
    )
    assert client.post(edit, data).status_code == 302
    assert titles(clinician.conditions.all()) == ["Anxiety", "Members only"]
    # The public page lists only what a visitor may read.
    html = client.get(clinician.url).content.decode()
    assert "Anxiety" in html and "Members only" not in html


def test_a_draft_keeps_the_published_choices_live_and_its_preview_shows_its_own(
    client, clinician, clinician_user, pages
):
    clinician.conditions.set([pages["anxiety"]])
    clinician.save_revision().publish()
    client.force_login(clinician_user)
    edit = f"/admin/pages/{clinician.pk}/edit/"

    # The draft takes Anxiety off (its existing link deleted) and adds Grief.
    (anxiety_link,) = clinician.condition_links.all()
    draft_form = profile_form(clinician, publish=False) | nested_form_data(
        {
            "condition_links": inline_formset(
                [
                    {"id": anxiety_link.pk, "condition": pages["anxiety"].pk, "DELETE": "1"},
                    {"id": "", "condition": pages["grief"].pk},
                ],
                initial=1,
            )
        }
    )
    assert client.post(edit, draft_form).status_code == 302
    assert titles(clinician.conditions.all()) == ["Anxiety"]
    draft = ClinicianPage.objects.get(pk=clinician.pk).get_latest_revision_as_object()
    assert [link.condition_id for link in draft.condition_links.all()] == [pages["grief"].pk]
    html = client.get(clinician.url).content.decode()
    assert "Anxiety" in html and "Grief" not in html

    preview = f"{edit}preview/"
    assert client.post(preview, draft_form).json()["is_valid"]
    html = client.get(preview).content.decode()
    assert 'href="/conditions/grief/">Grief</a>' in html and "Anxiety" not in html

    draft.get_latest_revision().publish()
    assert titles(clinician.conditions.all()) == ["Grief"]


def test_the_page_chooser_offers_a_clinician_live_conditions_only(
    client, clinician_user, condition_index, pages
):
    client.force_login(clinician_user)
    html = client.get(
        f"/admin/choose-page/{condition_index.pk}/?page_type=therapy_pages.conditionpage&multiple=1"
    ).content.decode()
    assert "Anxiety" in html and "Grief" in html
    assert "Unreleased" not in html
    chosen = "/admin/choose-page/chosen-multiple/"
    response = client.get(f"{chosen}?id={pages['anxiety'].pk}&id={pages['grief'].pk}")
    assert response.status_code == 200
    assert "Anxiety" in response.content.decode()
    refused = client.get(f"{chosen}?id={pages['draft'].pk}")
    assert refused.status_code == 302 and "Unreleased" not in refused.content.decode()


def test_a_copied_condition_starts_without_clinicians(clinician, pages, condition_index):
    clinician.conditions.set([pages["anxiety"]])
    copy = pages["anxiety"].copy(update_attrs={"slug": "anxiety-copy", "title": "Anxiety copy"})
    assert not copy.specific.clinicians.exists()
    assert titles(clinician.conditions.all()) == ["Anxiety"]


def test_the_migration_copies_the_old_tables_and_the_revisions_then_drops_them(clinician, pages):
    """A database migrated before the relations moved: practice's old tables are read, the
    clinicians' revisions say the same in the new shape, and the old tables are gone."""
    migration = importlib.import_module("therapy_pages.migrations.0002_clinician_relations")
    revision = clinician.save_revision()
    revision.content = {
        **revision.content,
        "conditions": [pages["grief"].pk, pages["anxiety"].pk],
        "therapies": [pages["cbt"].pk],
    }
    del revision.content["condition_links"], revision.content["therapy_links"]
    revision.save()
    with connection.cursor() as cursor:
        for table, column, rows in (
            (
                "practice_clinicianpage_conditions",
                "conditionpage_id",
                [pages["grief"], pages["anxiety"]],
            ),
            ("practice_clinicianpage_therapies", "therapypage_id", [pages["cbt"]]),
        ):
            cursor.execute(
                f"CREATE TABLE {table} (id serial PRIMARY KEY, clinicianpage_id integer, "
                f"{column} integer)"
            )
            for page in rows:
                cursor.execute(
                    f"INSERT INTO {table} (clinicianpage_id, {column}) VALUES (%s, %s)",  # noqa: S608
                    [clinician.pk, page.pk],
                )

    with connection.schema_editor() as schema_editor:
        migration.copy_legacy_relations(apps, schema_editor)

    assert not {"practice_clinicianpage_conditions", "practice_clinicianpage_therapies"} & set(
        connection.introspection.table_names()
    )
    links = list(clinician.condition_links.order_by("sort_order"))
    assert [link.condition_id for link in links] == [pages["grief"].pk, pages["anxiety"].pk]
    assert titles(clinician.therapies.all()) == ["CBT"]
    draft = ClinicianPage.objects.get(pk=clinician.pk).get_latest_revision_as_object()
    assert [(link.pk, link.condition_id) for link in draft.condition_links.all()] == [
        (link.pk, link.condition_id) for link in links
    ]
    assert [link.therapy_id for link in draft.therapy_links.all()] == [pages["cbt"].pk]
