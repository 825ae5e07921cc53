from django.db import migrations

# A copy, not an import: the first wording must stay what it was even when
# the default in models.py changes.
FIRST_CONSENT_TEXT = (
    "Ja, ich möchte den Newsletter mit Tipps zu Selbstmarketing, Schreiben und "
    "Events per E-Mail bekommen. Meine Adresse wird nur dafür verwendet. Ich "
    "kann mich jederzeit mit einem Klick in jeder Ausgabe wieder abmelden."
)


def create_first_version(apps, schema_editor):
    ConsentText = apps.get_model("newsletter", "ConsentText")
    if not ConsentText.objects.exists():
        ConsentText.objects.create(version=1, text=FIRST_CONSENT_TEXT)


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0001_initial")]

    operations = [
        migrations.RunPython(create_first_version, migrations.RunPython.noop),
    ]
