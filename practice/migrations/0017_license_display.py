import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0016_notice_first_day_help"),
    ]

    operations = [
        migrations.RenameField("clinicianpage", "licence_type", "license_type"),
        migrations.RenameField("clinicianpage", "licence_number", "license_number"),
        migrations.AddField(
            model_name="clinicianpage",
            name="license_status",
            field=models.CharField(
                choices=[
                    ("licensed", "Licensed"),
                    ("associate", "Associate"),
                    ("intern", "Registered intern"),
                ],
                default="licensed",
                help_text="An associate or a registered intern works under a licensed supervisor, who is named wherever they are.",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="clinicianpage",
            name="licensed_name",
            field=models.CharField(
                blank=True,
                help_text="The name on the license, e.g. 'Cassidy Anne Blair'. Left empty, it is the page title without a leading 'Dr.'.",
                max_length=120,
                verbose_name="full name as licensed",
            ),
        ),
        migrations.AddField(
            model_name="clinicianpage",
            name="supervisor",
            field=models.ForeignKey(
                blank=True,
                help_text="For an associate or registered intern: their supervisor, when on the team.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="supervisees",
                to="practice.clinicianpage",
            ),
        ),
        migrations.AddField(
            model_name="clinicianpage",
            name="supervisor_license",
            field=models.CharField(
                blank=True,
                help_text="That supervisor's license type and number, e.g. 'LMFT 54321'.",
                max_length=60,
                verbose_name="their license",
            ),
        ),
        migrations.AddField(
            model_name="clinicianpage",
            name="supervisor_name",
            field=models.CharField(
                blank=True,
                help_text="A supervisor who is not on the team: their name, e.g. 'Dr. Ana Ruiz'.",
                max_length=120,
                verbose_name="supervisor outside the practice",
            ),
        ),
        migrations.AlterField(
            model_name="clinicianpage",
            name="license_number",
            field=models.CharField(
                blank=True,
                help_text="The license or registration number, e.g. '22022'.",
                max_length=30,
                verbose_name="license number",
            ),
        ),
        migrations.AlterField(
            model_name="clinicianpage",
            name="license_type",
            field=models.CharField(
                blank=True,
                help_text="The licensing board's prefix, e.g. 'PSY' (psychologist), 'LMFT' or 'AMFT' (associate).",
                max_length=30,
                verbose_name="license type",
            ),
        ),
    ]
