from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from pusteblume_site import access

from . import csv_io, services
from .models import (
    Download,
    Entitlement,
    EntitlementChange,
    IpnCall,
    Member,
    Product,
    active_q,
)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "digistore_ids", "active_member_count", "sales_url"]
    search_fields = ["name", "slug", "digistore_ids"]
    prepopulated_fields = {"slug": ["name"]}
    list_filter = ["created_at"]
    readonly_fields = ["opened_content"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_active_members()

    @admin.display(description="Öffnet")
    def opened_content(self, product):
        if product.pk is None:
            return "–"
        opened = access.opened_by([product.pk])
        downloads = list(product.downloads.all())
        if not opened and not downloads:
            return (
                "Noch nichts: Wähle das Produkt bei einem Beitrag, einer Seite "
                "oder einem Download aus."
            )
        return format_html_join(
            "",
            '<a href="{}">{}</a><br>',
            (
                *((item.get_absolute_url(), item.title) for item in opened),
                *(
                    (reverse("admin:members_download_change", args=[d.pk]), d.title)
                    for d in downloads
                ),
            ),
        )

    @admin.display(description="Aktive Mitglieder", ordering="active_members")
    def active_member_count(self, product):
        return product.active_members


@admin.register(Download)
class DownloadAdmin(admin.ModelAdmin):
    list_display = ["title", "original_name", "created_at"]
    list_filter = ["products"]
    search_fields = ["title", "original_name"]
    filter_horizontal = ["products"]
    readonly_fields = ["created_at"]


class EntitlementChangeInline(admin.TabularInline):
    model = EntitlementChange
    extra = 0
    can_delete = False
    readonly_fields = ["at", "action", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


class EntitlementInline(admin.TabularInline):
    model = Entitlement
    extra = 0
    can_delete = False
    fields = ["product", "since", "until", "revoked_at", "source", "order_id", "state"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Stand")
    def state(self, entitlement):
        return "aktiv" if entitlement.is_active else "ohne Zugang"


class ProductFilter(admin.SimpleListFilter):
    title = "Produkt"
    parameter_name = "produkt"

    def lookups(self, request, model_admin):
        return [(str(p.pk), p.name) for p in Product.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(entitlements__product_id=self.value()).distinct()
        return queryset


class StatusFilter(admin.SimpleListFilter):
    title = "Status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("aktiv", "Mit Zugang"), ("ohne", "Ohne Zugang")]

    def queryset(self, request, queryset):
        active = Entitlement.objects.filter(active_q(), member=OuterRef("pk"))
        if self.value() == "aktiv":
            return queryset.filter(Exists(active))
        if self.value() == "ohne":
            return queryset.exclude(Exists(active))
        return queryset


class MemberActionForm(ActionForm):
    product = forms.ModelChoiceField(
        label="Produkt", queryset=Product.objects.all(), required=False
    )
    reason = forms.CharField(label="Grund", required=False, max_length=300)


class BuyerImportForm(forms.Form):
    file = forms.FileField(
        label="CSV-Datei",
        help_text="Spalten: email, name, product (Kurzname oder Name), since "
        "(Kaufdatum, z. B. 31.03.2024). Trennzeichen Komma oder Semikolon.",
    )


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["__str__", "products", "created_at"]
    list_filter = [ProductFilter, StatusFilter]
    search_fields = ["user__email", "name"]
    list_select_related = ["user"]
    readonly_fields = ["email", "created_at"]
    fields = ["name", "email", "created_at"]
    inlines = [EntitlementInline]
    action_form = MemberActionForm
    actions = ["grant_product", "revoke_product", "resend_sign_in_link"]

    def has_add_permission(self, request):
        # Members come from Digistore24, the CSV import or "Zugang gewähren".
        return False

    def get_queryset(self, request):
        active = Entitlement.objects.active().select_related("product")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("entitlements", active, to_attr="active"))
        )

    @admin.display(description="Produkte mit Zugang")
    def products(self, member):
        return ", ".join(e.product.name for e in member.active) or "–"

    @admin.display(description="E-Mail")
    def email(self, member):
        return member.email

    def _product_and_reason(self, request):
        # The admin has already checked the action form; its extra fields
        # are read here.
        product_id = request.POST.get("product", "")
        product = (
            Product.objects.filter(pk=product_id).first()
            if product_id.isdigit()
            else None
        )
        if product is None:
            self.message_user(
                request, "Bitte wähle unten das Produkt aus.", messages.ERROR
            )
            return None, ""
        reason = request.POST.get("reason", "").strip()[:300] or "von Hand"
        return product, reason

    @admin.action(description="Zugang zum gewählten Produkt gewähren")
    def grant_product(self, request, queryset):
        product, reason = self._product_and_reason(request)
        if product is None:
            return
        for member in queryset:
            services.grant(
                member=member, product=product, source="manual", reason=reason
            )
        self.message_user(
            request, f"{queryset.count()} Mitglied(er) haben jetzt „{product}“."
        )

    @admin.action(description="Zugang zum gewählten Produkt entziehen")
    def revoke_product(self, request, queryset):
        product, reason = self._product_and_reason(request)
        if product is None:
            return
        revoked = 0
        for entitlement in Entitlement.objects.active().filter(
            member__in=queryset, product=product
        ):
            services.revoke(entitlement=entitlement, reason=reason)
            revoked += 1
        self.message_user(request, f"{revoked} Zugang/Zugänge zu „{product}“ entzogen.")

    @admin.action(description="Anmeldelink schicken")
    def resend_sign_in_link(self, request, queryset):
        from .tasks import send_sign_in_link_task

        for member in queryset:
            send_sign_in_link_task.enqueue(member.pk, "")
        self.message_user(request, f"{queryset.count()} Anmeldelink(s) verschickt.")

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="members_member_import",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "import_url": reverse("admin:members_member_import"),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not request.user.has_perm("members.change_member"):
            raise PermissionDenied
        form = BuyerImportForm(request.POST or None, request.FILES or None)
        plan = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            plan = csv_io.parse_import(upload.read(csv_io.MAX_IMPORT_BYTES + 1))
            if not plan.errors:
                created = csv_io.import_buyers(plan)
                self.message_user(
                    request,
                    f"{len(plan.rows)} Zeile(n) übernommen, {created} Zugang/Zugänge "
                    "neu.",
                )
                return redirect("admin:members_member_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Käufer*innen importieren",
            "form": form,
            "plan": plan,
        }
        return TemplateResponse(request, "members/admin/buyer_import.html", context)


@admin.register(IpnCall)
class IpnCallAdmin(admin.ModelAdmin):
    list_display = [
        "received_at",
        "event",
        "product_id",
        "email",
        "outcome",
        "transaction_id",
    ]
    list_filter = ["outcome", "event"]
    search_fields = ["email", "order_id", "transaction_id", "product_id"]
    date_hierarchy = "received_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Entitlement)
class EntitlementAdmin(admin.ModelAdmin):
    """The bookkeeping of every entitlement, those of deleted accounts too."""

    list_display = ["product", "holder", "since", "until", "revoked_at", "source"]
    list_filter = ["product", "source"]
    search_fields = ["member__user__email", "order_id"]
    list_select_related = ["product", "member__user"]
    readonly_fields = [
        "member",
        "product",
        "since",
        "until",
        "revoked_at",
        "source",
        "order_id",
        "paid_until",
    ]
    inlines = [EntitlementChangeInline]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Mitglied")
    def holder(self, entitlement):
        if entitlement.member is None:
            return "gelöschtes Konto"
        url = reverse("admin:members_member_change", args=[entitlement.member_id])
        return format_html('<a href="{}">{}</a>', url, entitlement.member)
