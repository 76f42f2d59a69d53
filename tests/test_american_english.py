"""American English in everything a visitor or an editor reads (a Los Angeles practice): the
templates, the demo content, every model field's label and help, every StreamField block's label
and help, and the messages of the project's forms and validation. Attribute and field names
(`page.colour`) are code, not text, and are not checked; neither are comments and docstrings.

A failure names the file and line, or the model field or block, and the British word found."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from wagtail.blocks import Block, StreamBlock, StructBlock
from wagtail.fields import StreamField

ROOT = Path(__file__).resolve().parent.parent
PROJECT_APPS = ("practice", "therapy_pages", "blog")

# British spellings and their American forms. Each stem is matched at word boundaries with its
# usual endings, so "practise" (the verb) is caught and "practice" is not.
_ISE_VERBS = (
    "apologis|authoris|categoris|characteris|criticis|customis|emphasis|familiaris|finalis|"
    "harmonis|idealis|itemis|maximis|memoris|minimis|mobilis|normalis|optimis|organis|"
    "personalis|prioritis|realis|recognis|socialis|specialis|stabilis|standardis|summaris|"
    "sympathis|utilis|visualis|verbalis|trivialis|stigmatis|hospitalis|traumatis|legitimis|"
    "internalis|externalis|rationalis|fantasis|energis|jeopardis|scrutinis|agonis|antagonis"
)
BRITISH = re.compile(
    r"\b("
    r"behaviour(s|al|ally|ism|ist)?|colour(s|ed|ful|ing)?|flavour(s|ed)?|favour(s|ed|able|ite|ites)?|"
    r"honour(s|ed|able)?|humour(s|ed)?|labour(s|ed)?|neighbour(s|hood|hoods|ing)?|endeavour(s)?|"
    r"rumour(s)?|vigour|harbour(s)?|savour(s|ed)?|"
    r"licence(s|d)?|licencing|defence(s)?|offence(s)?|pretence|"
    r"practis(e|ed|es|ing)|counsell(ing|or|ors|ed)|"
    r"centre(s|d)?|theatre(s)?|metre(s)?|litre(s)?|fibre(s)?|"
    r"programme(s)?|judgement(s)?|catalogue(s|d)?|dialogue(s)?|"
    r"analys(e|ed|ing)|paralys(e|ed|ing)|"
    r"travell(ed|er|ers|ing)|cancell(ed|ing)|modell(ed|ing)|labell(ed|ing)|"
    r"enrolment(s)?|fulfil(s|ment)?|skilful(ly)?|wilful(ly)?|"
    r"paediatric\w*|anaesthe\w*|oesophag\w*|haemo\w*|foet(us|al)|manoeuvre\w*|oestrogen|"
    r"grey|whilst|amongst|learnt|spelt|fortnight(ly)?|straight away|"
    rf"({_ISE_VERBS})(e|ed|es|ing|ation|ations|able)"
    r")\b",
    re.IGNORECASE,
)


def british_words(text):
    return sorted({match.group(0) for match in BRITISH.finditer(text or "")})


# --- what the test reads ---------------------------------------------------------------------

TEMPLATE_CODE = re.compile(
    r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}|{{.*?}}|{%.*?%}", re.S
)
TAG = re.compile(r"<[^>]*>", re.S)
READABLE_ATTRIBUTE = re.compile(
    r'\b(?:alt|title|aria-label|aria-description|placeholder|content)="([^"]*)"'
)


def template_text(source):
    """The words a template shows, line for line: its text and its readable attributes, without
    template code (variables, tags, comments) or HTML names (classes, ids)."""

    def blank(match):
        return "\n" * match.group(0).count("\n") or " "

    def readable(match):
        words = " ".join(READABLE_ATTRIBUTE.findall(match.group(0)))
        return f" {words} " + "\n" * match.group(0).count("\n")

    return TAG.sub(readable, TEMPLATE_CODE.sub(blank, source))


# Strings that must stay British because they name something British, with the reason.
ALLOWED = {
    "Cognitive behavioural therapy (CBT)": "the title earlier demos gave the CBT page, looked "
    "for by seed_demo to rename it (therapy_pages/demo.py)",
}

IDENTIFIER = re.compile(r"^[\w.:/-]*$")  # a field name, a URL name, a path: not prose


def string_literals(path):
    """(line, text) of every string literal in a Python module that reads as words, leaving out
    docstrings and identifier-like strings ("page.colour")."""
    tree = ast.parse(path.read_text(), filename=str(path))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and not IDENTIFIER.match(node.value)
            and node.value not in ALLOWED
        ):
            yield node.lineno, node.value


def python_modules():
    """The project's own modules: models, forms, blocks, views, demo content, admin hooks.
    Migrations are history (a changed help text gets a new migration)."""
    for app in PROJECT_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def relative(path):
    return path.relative_to(ROOT).as_posix()


def test_the_checker_catches_british_spellings_and_spares_american_ones():
    assert british_words("Cognitive behavioural therapy at our centre") == [
        "behavioural",
        "centre",
    ]
    assert british_words("We practise what we recognise; licence and counselling") == [
        "counselling",
        "licence",
        "practise",
        "recognise",
    ]
    assert (
        british_words(
            "Licensed clinicians practice behavioral therapy and counseling at the center; "
            "otherwise we advise, exercise and raise a license number"
        )
        == []
    )
    assert (
        template_text('<p class="licence">{{ page.licence_number }} {# colour #}</p>').split() == []
    )
    assert british_words(template_text('<img alt="A colourful day" src="x">')) == ["colourful"]


def test_templates_are_in_american_english():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")) + sorted(
        (ROOT / "templates").rglob("*.txt")
    ):
        for number, line in enumerate(template_text(path.read_text()).splitlines(), 1):
            for word in british_words(line):
                found.append(f"{relative(path)}:{number}: {word!r}")
    assert found == [], "British spellings in templates:\n" + "\n".join(found)


def test_python_strings_are_in_american_english():
    """Demo content, help texts, labels, form and validation messages, admin messages."""
    found = []
    for path in python_modules():
        for line, text in string_literals(path):
            for word in british_words(text):
                found.append(f"{relative(path)}:{line}: {word!r}")
    assert found == [], "British spellings in strings:\n" + "\n".join(found)


@pytest.mark.parametrize("app_label", PROJECT_APPS)
def test_model_labels_and_help_texts_are_in_american_english(app_label):
    found = []
    config = apps.get_app_config(app_label)
    for model in config.get_models():
        texts = [("verbose_name", model._meta.verbose_name)]
        texts.append(("verbose_name_plural", model._meta.verbose_name_plural))
        for field in model._meta.get_fields():
            for attribute in ("verbose_name", "help_text"):
                texts.append((f"{field.name}.{attribute}", getattr(field, attribute, "")))
            for value, label in getattr(field, "choices", None) or ():
                texts.append((f"{field.name} choice {value!r}", label))
            if isinstance(field, StreamField):
                texts += [(f"{field.name}: {where}", text) for where, text in block_texts(field)]
        for where, text in texts:
            for word in british_words(str(text or "")):
                found.append(f"{model.__name__}.{where}: {word!r}")
    assert found == [], "British spellings in model labels and help:\n" + "\n".join(found)


def block_texts(field):
    """(where, text) of every label, help text and description in a StreamField's blocks."""
    seen = set()

    def walk(block, where):
        if id(block) in seen:
            return
        seen.add(id(block))
        meta = block.meta
        for attribute in ("label", "help_text", "description"):
            text = getattr(meta, attribute, None) or getattr(block, attribute, None)
            if isinstance(text, str):
                yield f"{where}.{attribute}", text
        children = getattr(block, "child_blocks", None) or {}
        for name, child in children.items():
            yield from walk(child, f"{where}.{name}")
        child = getattr(block, "child_block", None)
        if isinstance(child, Block):
            yield from walk(child, f"{where}.item")

    yield from walk(field.stream_block, field.name)


def test_block_walk_reaches_nested_labels():
    """The walk above sees the labels of blocks inside blocks (a struct's fields)."""
    field = StreamField([("outer", StructBlock([("inner", StreamBlock([]))], label="Outer"))])
    assert ("body.outer.label", "Outer") in list(block_texts(_named(field, "body")))


def _named(field, name):
    field.name = name
    return field


DATE_FILTER = re.compile(r"""\|\s*(date|time)\s*:\s*["']([^"']*)["']""")
MACHINE_FORMATS = {"c", "Y-m-d", "U", "r"}  # datetime attributes, not words
US_FORMATS = {"F j, Y", "N j, Y", "M j, Y", "F j", "g:i A", "g:i a", "P", "F j, Y, P"}


def test_templates_show_dates_and_times_in_us_formats():
    """'December 1, 2026' and '9:30 p.m.': month first, 12-hour clock."""
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for _filter, format_string in DATE_FILTER.findall(path.read_text()):
            if format_string not in MACHINE_FORMATS | US_FORMATS:
                found.append(f"{relative(path)}: {format_string!r}")
    assert found == [], "Dates or times not in US formats:\n" + "\n".join(found)
