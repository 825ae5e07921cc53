from django.db import migrations

# This step used to create the settings row with the demo persona's texts.
# The row now lives in the shared app and starts with neutral texts when it
# is first read; the persona comes only from `manage.py seed_demo`.


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = []
