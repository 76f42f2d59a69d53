from django.db import migrations


class Migration(migrations.Migration):
    """The free-text address is gone: 0020 turned it into an office (or kept it as the note)."""

    dependencies = [("practice", "0020_structured_practice_data_conversion")]

    operations = [migrations.RemoveField(model_name="practicesettings", name="address")]
