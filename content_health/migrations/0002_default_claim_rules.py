"""The honest-claims check's first phrases (Snippets → Claim rules; the practice may add more)."""

from django.db import migrations

APA_501 = ("APA Ethics Code 5.01, false or deceptive statements", "https://www.apa.org/ethics/code#501")
APA_505 = ("APA Ethics Code 5.05, testimonials", "https://www.apa.org/ethics/code#505")
BPC_651 = (
    "California Business and Professions Code 651, misleading advertising",
    "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=BPC&sectionNum=651",
)
PROMISE = "Therapy helps many people, but nobody can promise a result. Say what it can do instead."
PERCENT = "A promise of certain success. Say what research found, with its source."
SUPERLATIVE = "A claim about the practice nobody can check. Say what you offer instead."
TESTIMONIAL = "Asking clients or others for reviews or testimonials puts them under pressure."

RULES = [
    ("guarantee*", "promise", PROMISE, BPC_651),
    ("cure*", "promise", PROMISE, APA_501),
    ("permanent results", "promise", PROMISE, APA_501),
    ("forever", "promise", PROMISE, APA_501),
    ("100%", "promise", PERCENT, APA_501),
    ("100 %", "promise", PERCENT, APA_501),
    ("100 percent", "promise", PERCENT, APA_501),
    ("best therapist*", "superlative", SUPERLATIVE, BPC_651),
    ("best psychologist*", "superlative", SUPERLATIVE, BPC_651),
    ("best counselor*", "superlative", SUPERLATIVE, BPC_651),
    ("number one", "superlative", SUPERLATIVE, BPC_651),
    ("#1", "superlative", SUPERLATIVE, BPC_651),
    ("top-rated", "superlative", SUPERLATIVE, BPC_651),
    ("top rated", "superlative", SUPERLATIVE, BPC_651),
    ("world-class", "superlative", SUPERLATIVE, BPC_651),
    ("most effective", "superlative", SUPERLATIVE, APA_501),
    ("leave us a review", "testimonial", TESTIMONIAL, APA_505),
    ("leave a review", "testimonial", TESTIMONIAL, APA_505),
    ("write a review", "testimonial", TESTIMONIAL, APA_505),
    ("review us", "testimonial", TESTIMONIAL, APA_505),
    ("rate us", "testimonial", TESTIMONIAL, APA_505),
    ("testimonial*", "testimonial", TESTIMONIAL, APA_505),
    ("5-star", "testimonial", TESTIMONIAL, APA_505),
    ("five-star", "testimonial", TESTIMONIAL, APA_505),
]


def add_rules(apps, schema_editor):
    ClaimRule = apps.get_model("content_health", "ClaimRule")
    for phrase, kind, why, (rule_name, rule_url) in RULES:
        ClaimRule.objects.get_or_create(
            phrase=phrase,
            defaults={"kind": kind, "why": why, "rule_name": rule_name, "rule_url": rule_url},
        )


def remove_rules(apps, schema_editor):
    apps.get_model("content_health", "ClaimRule").objects.filter(
        phrase__in=[phrase for phrase, *_ in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("content_health", "0001_initial")]
    operations = [migrations.RunPython(add_rules, remove_rules)]
