"""Outside users: the kind of account and the scopes (docs/decisions/0027-usuarios-externos.md)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Copied here (not imported) so this migration keeps meaning what it meant when written.
OUTSIDE_ROLES = ["representante_partido", "destinatario"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in OUTSIDE_ROLES:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=OUTSIDE_ROLES, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_contadores_sin_wal"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Account",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("representante", "Representante de partido"),
                            ("destinatario", "Destinatario de notificaciones"),
                        ],
                        max_length=20,
                    ),
                ),
                ("created_at", models.DateTimeField()),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ople_account",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "cuenta externa",
                "verbose_name_plural": "cuentas externas",
            },
        ),
        migrations.CreateModel(
            name="Scope",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("partido", "Partido político"),
                            ("demarcacion", "Consejo / demarcación"),
                            ("notificaciones", "Destinatario de notificaciones"),
                        ],
                        max_length=20,
                    ),
                ),
                ("key", models.CharField(max_length=120)),
                ("valid_from", models.DateTimeField()),
                ("valid_until", models.DateTimeField(blank=True, null=True)),
                ("granted_at", models.DateTimeField()),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "granted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "revoked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ople_scopes",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "ámbito",
                "verbose_name_plural": "ámbitos",
                "ordering": ["user", "kind", "key", "valid_from"],
                "indexes": [models.Index(fields=["user", "kind"], name="core_scope_user_kind")],
            },
        ),
        migrations.RunPython(create_groups, remove_groups),
    ]
