import markdownx.models
from django.db import migrations, models

BOX_FIELDS = {
    "headline": "newsletter_headline",
    "text": "newsletter_text",
    "reassurance": "newsletter_reassurance",
    "button_label": "newsletter_button_label",
}


def move_box_texts(apps, schema_editor):
    """
    The box's texts used to be part of the site settings (pages app). A new
    site gets the row with the neutral defaults, so that the box and the
    consent wording under it load in one query.
    """
    old = apps.get_model("pages", "SiteSettings").objects.filter(pk=1).first()
    texts = {new: getattr(old, name) for new, name in BOX_FIELDS.items()} if old else {}
    apps.get_model("newsletter", "NewsletterBox").objects.update_or_create(
        pk=1, defaults=texts
    )


def move_box_texts_back(apps, schema_editor):
    box = apps.get_model("newsletter", "NewsletterBox").objects.filter(pk=1).first()
    if box is not None:
        apps.get_model("pages", "SiteSettings").objects.filter(pk=1).update(
            **{name: getattr(box, new) for new, name in BOX_FIELDS.items()}
        )


class Migration(migrations.Migration):

    dependencies = [
        ('newsletter', '0002_first_consent_text'),
        ('pages', '0002_site_settings_row'),
    ]
    # The old row is gone after this one.
    run_before = [('pages', '0004_move_site_settings')]

    operations = [
        migrations.AddField(
            model_name='issue',
            name='body_html',
            field=models.TextField(default='', editable=False),
        ),
        migrations.AddField(
            model_name='issue',
            name='renderer_version',
            field=models.CharField(default='', editable=False, max_length=40),
        ),
        migrations.AlterField(
            model_name='issue',
            name='body',
            field=markdownx.models.MarkdownxField(help_text='In Markdown, wie Blogbeiträge. Die Anrede kommt von selbst.', max_length=200000, verbose_name='Inhalt'),
        ),
        migrations.CreateModel(
            name='NewsletterBox',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('headline', models.CharField(default='Mein Newsletter', help_text='Gern als Frage, z. B. „Du willst ausgebucht sein?“', max_length=120, verbose_name='Überschrift')),
                ('text', models.CharField(default='Neue Beiträge und Tipps direkt in dein Postfach.', help_text='Eine Zeile: was bekommt, wer sich anmeldet?', max_length=300, verbose_name='Text')),
                ('reassurance', models.CharField(default='Kostenlos und jederzeit mit einem Klick abbestellbar.', help_text='Z. B. „Kostenlos, unverbindlich, kein Spam.“', max_length=200, verbose_name='Beruhigung')),
                ('button_label', models.CharField(default='Anmelden', help_text='In der Ich-Form wirkt er am besten, z. B. „Das will ich haben!“', max_length=60, verbose_name='Knopf')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='Zuletzt geändert')),
            ],
            options={
                'verbose_name': 'Newsletter-Box',
                'verbose_name_plural': 'Newsletter-Box',
                'abstract': False,
                'constraints': [models.CheckConstraint(condition=models.Q(('pk', 1)), name='newsletter_newsletterbox_single_row')],
            },
        ),
        migrations.RunPython(move_box_texts, move_box_texts_back),
    ]
