"""Relations render both ways, only for live pages, in a number of queries that does not grow."""

import datetime

import pytest

from tests.factories import ConditionPageFactory, TherapyPageFactory

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
