from django.contrib import admin

from pusteblume_site.admin import MarkdownAdmin

from .models import Page


@admin.register(Page)
class PageAdmin(MarkdownAdmin):
    list_display = [
        "title",
        "slug",
        "role",
        "show_in_menu",
        "menu_position",
        "parent",
        "is_published",
        "updated_at",
    ]
    list_editable = ["menu_position"]
    list_filter = ["is_published", "show_in_menu", "role", "members_only"]
    checkbox_fields = ("member_products",)
    search_fields = ["title", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["parent"]
    readonly_fields = ["created_at", "updated_at"]

    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "is_published", "role"]}),
        (
            "Menü",
            {
                "fields": [
                    "show_in_menu",
                    "menu_label",
                    "tagline",
                    "menu_position",
                    "parent",
                ]
            },
        ),
        ("Suchmaschinen", {"fields": ["meta_description"]}),
        # Members' area
        ("Mitglieder", {"fields": ["members_only", "member_products"]}),
        ("Verlauf", {"fields": ["created_at", "updated_at"]}),
    ]
