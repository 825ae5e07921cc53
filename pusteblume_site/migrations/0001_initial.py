from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='SiteSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('site_name', models.CharField(default='Meine Website', max_length=100, verbose_name='Name der Website')),
                ('owner_name', models.CharField(blank=True, help_text='Erscheint im Copyright und als Autorin.', max_length=100, verbose_name='Name der Inhaberin')),
                ('tagline', models.CharField(blank=True, max_length=120, verbose_name='Versprechen der Website')),
                ('linkedin_url', models.URLField(blank=True, verbose_name='LinkedIn')),
                ('instagram_url', models.URLField(blank=True, verbose_name='Instagram')),
                ('pinterest_url', models.URLField(blank=True, verbose_name='Pinterest')),
                ('footer_text', models.CharField(blank=True, help_text='Ein Satz über dich, unten auf jeder Seite.', max_length=300, verbose_name='Text in der Fußzeile')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='Zuletzt geändert')),
            ],
            options={
                'verbose_name': 'Website-Einstellungen',
                'verbose_name_plural': 'Website-Einstellungen',
                'abstract': False,
                'constraints': [models.CheckConstraint(condition=models.Q(('pk', 1)), name='pusteblume_site_sitesettings_single_row')],
            },
        ),
    ]
