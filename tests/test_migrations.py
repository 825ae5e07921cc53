"""
A database made before the shared app existed migrates forward with every
row intact: the settings row moves, the newsletter box keeps its texts, and
the pages that were found by their slugs get their roles.
"""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = [
    ("pages", "0002_site_settings_row"),
    ("blog", "0002_post_category_index"),
    ("newsletter", "0002_first_consent_text"),
    ("pusteblume_site", None),
]


class MigrateForwardTests(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        executor.loader.build_graph()
        nodes = [target for target in targets if target[1] is not None]
        return executor.loader.project_state(nodes).apps

    def tearDown(self):
        executor = MigrationExecutor(connection)
        self.migrate(executor.loader.graph.leaf_nodes())

    def test_rows_of_the_old_schema_survive_the_move(self):
        old = self.migrate(BEFORE)
        old.get_model("pages", "SiteSettings").objects.create(
            pk=1,
            site_name="Löwenzahn",
            owner_name="Mara Beispiel",
            tagline="Sichtbar werden",
            linkedin_url="https://www.linkedin.com/in/mara",
            footer_text="Ein Satz über Mara.",
            newsletter_headline="Magst du Post?",
            newsletter_text="Jeden Monat ein Tipp.",
            newsletter_reassurance="Ohne Spam.",
            newsletter_button_label="Her damit!",
        )
        OldPage = old.get_model("pages", "Page")
        for slug in ["startseite", "blog", "about", "impressum", "datenschutz"]:
            OldPage.objects.create(title=slug.title(), slug=slug, body=f"*{slug}*")
        OldPage.objects.create(title="Beratung", slug="beratung", body="Hallo")
        old.get_model("newsletter", "Issue").objects.create(
            subject="Ausgabe 1", slug="ausgabe-1", body="**Hallo**"
        )

        new = self.migrate(
            [
                ("pages", "0004_move_site_settings"),
                ("newsletter", "0003_newsletter_box"),
                ("pusteblume_site", "0001_initial"),
            ]
        )

        settings = new.get_model("pusteblume_site", "SiteSettings").objects.get()
        assert (settings.site_name, settings.owner_name, settings.tagline) == (
            "Löwenzahn",
            "Mara Beispiel",
            "Sichtbar werden",
        )
        assert settings.linkedin_url == "https://www.linkedin.com/in/mara"
        assert settings.footer_text == "Ein Satz über Mara."
        box = new.get_model("newsletter", "NewsletterBox").objects.get()
        assert (box.headline, box.text, box.reassurance, box.button_label) == (
            "Magst du Post?",
            "Jeden Monat ein Tipp.",
            "Ohne Spam.",
            "Her damit!",
        )
        roles = dict(new.get_model("pages", "Page").objects.values_list("slug", "role"))
        assert roles == {
            "startseite": "home",
            "blog": "blog",
            "about": "about",
            "impressum": "impressum",
            "datenschutz": "datenschutz",
            "beratung": "",
        }
        issue = new.get_model("newsletter", "Issue").objects.get()
        assert (issue.subject, issue.body) == ("Ausgabe 1", "**Hallo**")
        assert "pages_sitesettings" not in connection.introspection.table_names()

    def test_migrating_back_restores_the_old_settings_row(self):
        self.migrate(BEFORE)
        new = self.migrate(
            [
                ("pages", "0004_move_site_settings"),
                ("newsletter", "0003_newsletter_box"),
            ]
        )
        new.get_model("pusteblume_site", "SiteSettings").objects.create(
            pk=1, site_name="Löwenzahn"
        )
        new.get_model("newsletter", "NewsletterBox").objects.filter(pk=1).update(
            headline="Magst du Post?"
        )
        old = self.migrate(BEFORE)
        row = old.get_model("pages", "SiteSettings").objects.get()
        assert row.site_name == "Löwenzahn"
        assert row.newsletter_headline == "Magst du Post?"
