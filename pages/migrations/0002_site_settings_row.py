from django.db import migrations


def create_settings_row(apps, schema_editor):
    from pages.models import DEFAULT_SITE_SETTINGS

    SiteSettings = apps.get_model("pages", "SiteSettings")
    SiteSettings.objects.get_or_create(pk=1, defaults=DEFAULT_SITE_SETTINGS)


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [
        migrations.RunPython(create_settings_row, migrations.RunPython.noop),
    ]
