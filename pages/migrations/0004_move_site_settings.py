from django.db import migrations

SITE_FIELDS = [
    "site_name",
    "owner_name",
    "tagline",
    "linkedin_url",
    "instagram_url",
    "pinterest_url",
    "footer_text",
]


def move_to_shared_app(apps, schema_editor):
    """The settings row moves to the shared machinery; its texts come along."""
    old = apps.get_model("pages", "SiteSettings").objects.filter(pk=1).first()
    if old is None:
        return
    apps.get_model("pusteblume_site", "SiteSettings").objects.update_or_create(
        pk=1, defaults={field: getattr(old, field) for field in SITE_FIELDS}
    )


def move_back(apps, schema_editor):
    new = apps.get_model("pusteblume_site", "SiteSettings").objects.filter(pk=1)
    new = new.first()
    if new is None:
        return
    apps.get_model("pages", "SiteSettings").objects.update_or_create(
        pk=1,
        defaults={field: getattr(new, field) for field in SITE_FIELDS}
        | {
            "newsletter_headline": "",
            "newsletter_text": "",
            "newsletter_reassurance": "",
            "newsletter_button_label": "",
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0003_page_role"),
        ("pusteblume_site", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(move_to_shared_app, move_back),
        migrations.DeleteModel(name="SiteSettings"),
    ]
