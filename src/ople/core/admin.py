"""Admin of outside users' accounts and scopes: every write goes through the audited services."""

from __future__ import annotations

from django.contrib import admin, messages

from . import account_services
from .models import Account, Scope


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    """Read-only here: accounts are created with `ople usuarios externo` (audited)."""

    list_display = ("user", "kind", "created_at", "created_by")
    list_filter = ("kind",)
    search_fields = ("user__username", "user__first_name", "user__last_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Scope)
class ScopeAdmin(admin.ModelAdmin):
    """Grant (add) and revoke (action); never edited or deleted, so history stays whole."""

    list_display = ("user", "kind", "key", "valid_from", "valid_until", "granted_by", "revoked_by")
    list_filter = ("kind",)
    search_fields = ("user__username", "key")
    fields = ("user", "kind", "key", "valid_from", "valid_until")
    actions = ["revocar"]

    def has_change_permission(self, request, obj=None):
        return obj is None  # the add form only

    def has_delete_permission(self, request, obj=None):
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = get_user_model().objects.filter(ople_account__isnull=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        from django.utils import timezone

        return {"valid_from": timezone.now()}

    def save_model(self, request, obj, form, change):
        saved = account_services.grant_scope(
            user=obj.user,
            kind=obj.kind,
            key=obj.key,
            actor=request.user,
            valid_from=obj.valid_from,
            valid_until=obj.valid_until,
        )
        # An AccountError propagates: add_view shows its Spanish message, nothing is written.
        obj.pk = saved.pk

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except account_services.AccountError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)
            from django.shortcuts import redirect

            return redirect(request.get_full_path())

    @admin.action(description="Revocar los ámbitos seleccionados (cierra su vigencia ahora)")
    def revocar(self, request, queryset):
        hechos = 0
        for scope in queryset:
            try:
                account_services.revoke_scope(scope=scope, actor=request.user)
                hechos += 1
            except account_services.AccountError as exc:
                self.message_user(request, f"{scope}: {exc.message}", level=messages.WARNING)
        if hechos:
            self.message_user(request, f"Ámbitos revocados: {hechos}.")
