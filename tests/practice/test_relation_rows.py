"""A page's own relations (a clinician's languages, the groups a therapy helps) are read by one
planned query on the live page (`relation_rows`), and a preview shows the draft's choices, held
in memory, not the published ones."""

import pytest
from django.test import Client

from devtools.admin_form_data import edit_form_data
from practice.models import Language
from tests.factories import PopulationFactory, TherapyPageFactory

pytestmark = pytest.mark.django_db


def preview(client, page, user, **changes):
    data = {**edit_form_data(page, user), **changes}
    url = f"/admin/pages/{page.pk}/edit/preview/"
    posted = client.post(url, data)
    assert posted.status_code == 200 and posted.json()["is_valid"], posted.content[:500]
    return client.get(url, {"mode": ""}).content.decode()


def test_a_clinicians_languages_live_and_in_a_preview(
    client, admin_user, clinician, practice_settings
):
    english = Language.objects.create(name="English", code="en")
    spanish = Language.objects.create(name="Spanish", code="es")
    clinician.languages.set([spanish, english])
    clinician.save_revision().publish()
    live = Client().get(clinician.url).content.decode()
    assert "<dd>English, Spanish</dd>" in live
    assert '"name": "Spanish", "alternateName": "es"' in live  # the JSON-LD, same read

    client.force_login(admin_user)
    html = preview(client, clinician, admin_user, languages=[str(spanish.pk)])
    assert "<dd>Spanish</dd>" in html
    assert '"name": "English"' not in html
    assert "<dd>English, Spanish</dd>" in Client().get(clinician.url).content.decode()


def test_the_groups_a_therapy_helps_live_and_in_a_preview(
    client, admin_user, therapy_index, practice_settings
):
    adults, teens = PopulationFactory(name="Adults"), PopulationFactory(name="Teenagers")
    therapy = TherapyPageFactory(parent=therapy_index, title="Talk therapy", slug="talk")
    therapy.populations.set([adults])
    therapy.save_revision().publish()
    assert "Adults" in Client().get(therapy.url).content.decode()

    client.force_login(admin_user)
    html = preview(client, therapy, admin_user, populations=[str(teens.pk)])
    assert "Teenagers" in html and "Adults" not in html
    live = Client().get(therapy.url).content.decode()
    assert "Adults" in live and "Teenagers" not in live
