"""
The shared machinery sits at the bottom: it imports none of the site's apps,
and the apps plug into it through their AppConfig.
"""

import ast
import io
from pathlib import Path

from django.core.management import call_command
from django.test import SimpleTestCase, TestCase

from blog.models import Post
from pages.models import Page
from pusteblume_site import page_cache
from pusteblume_site.apps import site_apps
from pusteblume_site.markdown import RENDERER_VERSION
from tests.blog.factories import make_post
from tests.factories import make_page

SHARED = Path(__file__).resolve().parent.parent / "pusteblume_site"
APPS = {"pages", "blog", "newsletter", "members"}
# The URLconf is the top of the graph: it puts the apps' views together.
TOP_OF_THE_GRAPH = {"urls.py"}


def imported_modules(source: str) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


class ImportDirectionTests(SimpleTestCase):
    def test_the_shared_machinery_imports_no_app(self):
        offenders = {}
        for path in SHARED.rglob("*.py"):
            if path.name in TOP_OF_THE_GRAPH:
                continue
            apps = {
                module
                for module in imported_modules(path.read_text())
                if module.split(".")[0] in APPS
            }
            if apps:
                offenders[str(path.relative_to(SHARED))] = sorted(apps)
        assert offenders == {}

    def test_the_members_area_imports_no_other_app(self):
        members = SHARED.parent / "members"
        offenders = {
            str(path.relative_to(members)): sorted(found)
            for path in members.rglob("*.py")
            if (
                found := {
                    module
                    for module in imported_modules(path.read_text())
                    if module.split(".")[0] in APPS - {"members"}
                }
            )
        }
        assert offenders == {}

    def test_the_check_sees_an_import_of_an_app(self):
        source = "import blog.models\nfrom pages.models import Page\nimport re\n"
        assert imported_modules(source) == {"blog.models", "pages.models", "re"}


class PluginTests(TestCase):
    def test_every_app_of_the_site_plugs_in(self):
        assert [app.label for app in site_apps()] == [
            "members",
            "pages",
            "blog",
            "newsletter",
        ]

    def test_the_page_cache_listens_to_the_content_the_apps_declare(self):
        labels = page_cache.content_models()
        assert {"blog.post", "pages.page", "newsletter.issue"} <= labels
        assert "pusteblume_site.sitesettings" in labels
        # Counters and subscribers change without touching reader pages.
        assert "blog.postviewcount" not in labels
        assert "newsletter.subscriber" not in labels

    def test_the_next_publication_comes_from_the_blog(self):
        from datetime import timedelta

        from django.utils import timezone

        assert page_cache.next_publication() is None
        later = timezone.now() + timedelta(days=2)
        make_post(published_at=later)
        assert page_cache.next_publication() == later


class RenderedMarkdownTests(TestCase):
    def test_a_page_stored_by_an_older_renderer_is_rendered_again_when_shown(self):
        page = make_page(slug="alt", body="## Neu gerendert")
        stale = {"body_html": "<p>alt</p>", "renderer_version": "0"}
        Page.objects.filter(pk=page.pk).update(**stale)
        response = self.client.get("/alt/")
        self.assertContains(response, '<h2 id="neu-gerendert">Neu gerendert</h2>')
        stored = Page.objects.get(pk=page.pk)
        assert stored.renderer_version == RENDERER_VERSION
        assert "neu-gerendert" in stored.body_html

    def test_rerender_renders_stale_rows_of_every_model_and_reports_them(self):
        page = make_page(body="*Seite*")
        post = make_post(body="*Beitrag*")
        Page.objects.filter(pk=page.pk).update(body_html="", renderer_version="0")
        Post.objects.filter(pk=post.pk).update(body_html="", renderer_version="0")
        out = io.StringIO()
        call_command("rerender", stdout=out)
        assert "Seiten: 1" in out.getvalue()
        assert "Beiträge: 1" in out.getvalue()
        assert "2 Texte mit Renderer" in out.getvalue()
        assert Page.objects.get(pk=page.pk).body_html == "<p><em>Seite</em></p>\n"
        assert "<em>Beitrag</em>" in Post.objects.get(pk=post.pk).body_html

    def test_rerender_leaves_current_rows_alone_unless_told_all(self):
        make_page(body="*Seite*")
        out = io.StringIO()
        call_command("rerender", stdout=out)
        assert "0 Texte" in out.getvalue()
        call_command("rerender", "--all", stdout=out)
        assert "Seiten: 1" in out.getvalue()


class RerenderAfterMigrateTests(TestCase):
    def test_migrate_renders_stale_texts_again(self):
        post = make_post(body="## Hallo")
        Post.objects.filter(pk=post.pk).update(renderer_version="alt", body_html="")
        call_command("migrate", verbosity=0, stdout=io.StringIO())
        post.refresh_from_db()
        assert post.renderer_version == RENDERER_VERSION
        assert "Hallo" in post.body_html
