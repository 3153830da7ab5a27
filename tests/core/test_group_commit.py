"""Group commit of ordinary services (`core.group_commit`, `audit.deferred`; ADR 0048): a group
writes what the same calls one after the other would write, a failing call affects no other,
a group that cannot commit is retried call by call, and the chain verifies."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction

from ople.core import audit, group_commit
from ople.core.models import AuditEvent
from ople.core.testing import en_hilos


def alta(nombre: str, *, falla: bool = False) -> str:
    """An ordinary audited service: one transaction, the event inside it."""
    with transaction.atomic():
        u = User.objects.create_user(nombre)
        audit.record(actor=None, action="core.usuario_demo", obj=u, after={"nombre": nombre})
        if falla:
            raise ValueError(f"{nombre}: falla simulada después de escribir")
    return nombre


def _eventos(prefijo: str) -> list[str]:
    return [
        e.after["nombre"].removeprefix(prefijo)
        for e in AuditEvent.objects.order_by("seq")
        if (e.after or {}).get("nombre", "").startswith(prefijo)
    ]


def _usuarios(prefijo: str) -> set[str]:
    return {
        n.removeprefix(prefijo)
        for n in User.objects.filter(username__startswith=prefijo).values_list(
            "username", flat=True
        )
    }


@pytest.mark.django_db
def test_diferido_anexa_al_final_y_olvida_lo_deshecho():
    antes = AuditEvent.objects.count()
    with transaction.atomic(), audit.deferred():
        alta("d-a")
        assert AuditEvent.objects.count() == antes  # nothing appended yet: head not locked
        with pytest.raises(ValueError):
            alta("d-b", falla=True)  # its savepoint rolls back, and its event with it
        try:
            with transaction.atomic():
                alta("d-a")  # IntegrityError inside a nested savepoint
        except IntegrityError:
            pass
        alta("d-c")
    assert _eventos("d-") == ["a", "c"]
    assert _usuarios("d-") == {"a", "c"}
    assert audit.verify_log() is None


@pytest.mark.django_db
def test_diferido_con_excepcion_no_deja_cambios_sin_evento():
    with transaction.atomic():
        with pytest.raises(ValueError):
            with audit.deferred():
                User.objects.create_user("e-x")
                audit.record(actor=None, action="core.usuario_demo", after={"nombre": "e-x"})
                raise ValueError("falla")
        # The caller swallowed it: its transaction can no longer commit the change alone.
        assert transaction.get_rollback()
        transaction.set_rollback(False)
        User.objects.filter(username="e-x").delete()


@pytest.mark.django_db(transaction=True)
def test_diferido_fuera_de_transaccion_es_un_error():
    with pytest.raises(RuntimeError, match="transacción"):
        with audit.deferred():
            pass


def _llamadas(prefijo: str):
    return [
        lambda: alta(f"{prefijo}a"),
        lambda: alta(f"{prefijo}b", falla=True),
        lambda: alta(f"{prefijo}c"),
        lambda: alta(f"{prefijo}a"),  # a repeat: IntegrityError, only this call
        lambda: alta(f"{prefijo}d"),
    ]


def _resumen(resultados):
    return [
        ("ok", r.value[2:]) if r.error is None else ("error", type(r.error).__name__)
        for r in resultados
    ]


@pytest.mark.django_db(transaction=True)
def test_grupo_igual_a_secuencial_y_un_fallo_no_afecta_a_otros():
    secuencial = [group_commit.alone(c) for c in _llamadas("s-")]
    grupo = group_commit.execute_group(_llamadas("g-"))
    assert (
        _resumen(grupo)
        == _resumen(secuencial)
        == [
            ("ok", "a"),
            ("error", "ValueError"),
            ("ok", "c"),
            ("error", "IntegrityError"),
            ("ok", "d"),
        ]
    )
    assert _usuarios("g-") == _usuarios("s-") == {"a", "c", "d"}
    assert _eventos("g-") == _eventos("s-") == ["a", "c", "d"]
    assert audit.verify_log() is None


@pytest.mark.django_db(transaction=True)
def test_grupo_que_no_puede_confirmarse_se_reintenta_uno_por_uno(monkeypatch):
    real = audit.record_many
    intentos = []

    def falla_en_grupo(eventos):
        intentos.append(len(eventos))
        if len(eventos) > 1:
            raise RuntimeError("falla simulada al anexar el grupo")
        return real(eventos)

    monkeypatch.setattr(audit, "record_many", falla_en_grupo)
    resultados = group_commit.execute_group(_llamadas("r-"))
    assert intentos[0] == 3  # the group (a, c, d) failed as a whole, then one by one
    assert _resumen(resultados)[0] == ("ok", "a")
    assert _usuarios("r-") == {"a", "c", "d"}
    assert _eventos("r-") == ["a", "c", "d"]
    assert audit.verify_log() is None


@pytest.mark.django_db(transaction=True)
def test_no_se_usa_dentro_de_una_transaccion(settings):
    settings.OPLE_GROUP_COMMIT = True
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            group_commit.execute_group([lambda: 1])
    with transaction.atomic():
        assert not group_commit.enabled()
        assert group_commit.run(lambda: alta("t-a")) == "t-a"  # directly, in this transaction
    assert _eventos("t-") == ["a"]


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="the committer runs only on PostgreSQL (SQLite's in-memory test database refuses "
    "concurrent writers)",
)
@pytest.mark.django_db(transaction=True)
def test_el_hilo_confirma_grupos_concurrentes(settings, monkeypatch):
    settings.OPLE_GROUP_COMMIT = True
    tamanos = []
    real = group_commit.execute_group

    def contar(llamadas):
        tamanos.append(len(llamadas))
        return real(llamadas)

    monkeypatch.setattr(group_commit, "execute_group", contar)

    def trabajador(n):
        for i in range(6):
            nombre = f"h-{n}-{i}"
            if i == 3:
                with pytest.raises(ValueError):
                    group_commit.run(lambda nombre=nombre: alta(nombre, falla=True))
            else:
                assert group_commit.run(lambda nombre=nombre: alta(nombre)) == nombre

    try:
        errores = en_hilos(trabajador, 8)
    finally:
        group_commit.stop()
    assert not errores, errores
    esperados = {f"{n}-{i}" for n in range(8) for i in range(6) if i != 3}
    assert _usuarios("h-") == esperados
    assert sorted(_eventos("h-")) == sorted(esperados)
    assert sum(tamanos) == 48 and max(tamanos) > 1  # grouped, each call once
    assert audit.verify_log() is None


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the committer: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_el_hilo_sobrevive_a_una_falla_y_renace(settings, monkeypatch):
    settings.OPLE_GROUP_COMMIT = True
    try:
        real = audit.record_many

        def interrumpe(eventos):
            raise KeyboardInterrupt  # not an Exception: the group dies before its COMMIT

        monkeypatch.setattr(audit, "record_many", interrumpe)
        with pytest.raises(KeyboardInterrupt):
            group_commit.run(lambda: alta("k-a"))
        assert _usuarios("k-") == set()  # nothing acknowledged, nothing written
        monkeypatch.setattr(audit, "record_many", real)
        assert group_commit.run(lambda: alta("k-a")) == "k-a"  # the caller's retry: once
        group_commit.stop()
        assert group_commit.run(lambda: alta("k-b")) == "k-b"  # a new committer
    finally:
        group_commit.stop()
    assert _usuarios("k-") == {"a", "b"} and _eventos("k-") == ["a", "b"]
    assert connection.vendor == "postgresql" and audit.verify_log() is None
