import markdownx.models
from django.db import migrations, models

# Pages used to be found by these slugs; now they carry the role, and the
# editor may rename them.
ROLES_BY_SLUG = {
    "startseite": "home",
    "blog": "blog",
    "about": "about",
    "impressum": "impressum",
    "datenschutz": "datenschutz",
}


def assign_roles(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for slug, role in ROLES_BY_SLUG.items():
        Page.objects.filter(slug=slug).update(role=role)


def clear_roles(apps, schema_editor):
    apps.get_model("pages", "Page").objects.update(role="")


class Migration(migrations.Migration):

    dependencies = [
        ('pages', '0002_site_settings_row'),
    ]

    operations = [
        migrations.AddField(
            model_name='page',
            name='body_html',
            field=models.TextField(default='', editable=False),
        ),
        migrations.AddField(
            model_name='page',
            name='renderer_version',
            field=models.CharField(default='', editable=False, max_length=40),
        ),
        migrations.AddField(
            model_name='page',
            name='role',
            field=models.CharField(blank=True, choices=[('home', 'Startseite'), ('blog', 'Kopf der Blog-Übersicht'), ('about', 'Über mich'), ('impressum', 'Impressum'), ('datenschutz', 'Datenschutzhinweise')], help_text='Woran die Website diese Seite erkennt, auch wenn du Titel oder Kurznamen änderst: Die Startseite steht unter /, der Kopf der Blog-Übersicht unter /blog/; Fußzeile und Formulare verlinken Impressum und Datenschutzhinweise. Jede Aufgabe hat höchstens eine Seite.', max_length=20, verbose_name='Aufgabe'),
        ),
        migrations.AlterField(
            model_name='page',
            name='body',
            field=markdownx.models.MarkdownxField(blank=True, help_text='In Markdown. Die Vorschau zeigt genau, was Leserinnen sehen.', max_length=200000, verbose_name='Inhalt'),
        ),
        migrations.AlterField(
            model_name='page',
            name='slug',
            field=models.SlugField(help_text='Erscheint in der Adresse, z. B. „beratung“ für /beratung/.', max_length=100, unique=True, verbose_name='Kurzname in der Adresse'),
        ),
        migrations.AddConstraint(
            model_name='page',
            constraint=models.UniqueConstraint(condition=models.Q(('role', ''), _negated=True), fields=('role',), name='pages_page_one_per_role', violation_error_message='Diese Aufgabe hat schon eine andere Seite. Nimm sie dort zuerst heraus.'),
        ),
        migrations.RunPython(assign_roles, clear_roles),
    ]
