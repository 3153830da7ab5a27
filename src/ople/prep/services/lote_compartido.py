"""One intake committer for all the worker processes of a server (OPLE_INTAKE_LOTE_COMPARTIDO).

Group commit (`intake._Confirmador`) writes the uploads that arrive together in ONE transaction;
a group costs far less per upload the bigger it is (one transaction, the same two round trips,
one WAL flush, one wake-up of each process). Each gunicorn worker had its own committer, so
its groups only gathered that worker's uploads. Here the workers of one server elect one of
them, the *leader*, whose committer writes the uploads of all of them:

* Election: the first worker to bind a Linux abstract-namespace socket
  (`SOCK_SEQPACKET`, named after the database, the media root and the user) is the leader. The
  kernel frees the name when that process ends, however it ends, and the next upload in
  another worker takes it over. No file to clean up.
* A *follower* stores the bytes itself (as always: hash, checks, file, fsync) and sends the
  leader one small message with what the database part needs (ids, names, times); the leader
  queues it on its committer like one of its own uploads and answers with the receipt after
  the group's COMMIT. Only connections from the same user are accepted, and a follower only
  talks to a leader of its own user (SO_PEERCRED).
* Anything other than a receipt — the leader's committer failed on it, the leader died, the
  socket broke — and the follower writes the upload itself, in its own transaction, exactly
  as without the shared committer. That is safe because the write is idempotent: if the
  leader had committed it before dying, the follower finds that row and returns its receipt
  (the same `recibo`) as a retry. A receipt is never returned before its COMMIT, so a dead
  leader loses nothing that was acknowledged.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import socket
import struct
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime

from django.conf import settings
from django.db import connections

from ople.prep.models import ActaEsperada, Dispositivo
from ople.prep.services.subida import Cola, Recibo, Subida

# How long a process that could neither lead nor follow (a socket error) waits before trying
# again; meanwhile it uses its own committer.
REINTENTO_S = 1.0
_CREDENCIALES = struct.Struct("3i")  # struct ucred: pid, uid, gid


def nombre_del_socket() -> bytes:
    """The abstract socket name shared by the processes of one server: same database, same
    media root, same user."""
    bd = connections["default"].settings_dict
    clave = "|".join(
        str(x)
        for x in (
            bd.get("HOST"),
            bd.get("PORT"),
            bd.get("NAME"),
            settings.MEDIA_ROOT,
            os.getuid(),
        )
    )
    return b"\0ople-intake-lote-" + hashlib.sha256(clave.encode()).hexdigest()[:32].encode()


def _mismo_usuario(s: socket.socket) -> bool:
    datos = s.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _CREDENCIALES.size)
    uid: int = _CREDENCIALES.unpack(datos)[1]
    return uid == os.getuid()


def _fecha(texto: str | None) -> datetime | None:
    return datetime.fromisoformat(texto) if texto is not None else None


def _fecha_texto(valor: datetime | None) -> str | None:
    return valor.isoformat() if valor is not None else None


def subida_a_mensaje(n: int, s: Subida) -> bytes:
    """What the leader needs of a follower's upload (the bytes are already stored)."""
    assert s.acta is not None and s.usuario is None
    r = s.revisada
    d = s.dispositivo
    return json.dumps(
        [
            n,
            s.sha,
            s.ruta,
            [r.tipo_mime, r.extension, r.tamano, r.ancho, r.alto],
            s.acta.pk,
            s.acta.clave,
            s.clave_leida,
            s.origen,
            s.medio,
            s.tipo_documento,
            s.identificacion,
            [d.pk, d.nombre] if d is not None else None,
            _fecha_texto(s.capturado_en),
            _fecha_texto(s.recibido_en),
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def mensaje_a_subida(mensaje: bytes) -> tuple[int, Subida]:
    from ople.prep.imagecheck import ImagenRevisada

    (
        n,
        sha,
        ruta,
        revisada,
        acta_id,
        acta_clave,
        clave_leida,
        origen,
        medio,
        tipo_documento,
        identificacion,
        disp,
        capturado_en,
        recibido_en,
    ) = json.loads(mensaje)
    tipo_mime, extension, tamano, ancho, alto = revisada
    # Only what the committer reads of them: the ids, the acta's clave, the device's name.
    acta = ActaEsperada(id=acta_id, clave=acta_clave)
    dispositivo = Dispositivo(id=disp[0], nombre=disp[1]) if disp is not None else None
    return n, Subida(
        sha=sha,
        ruta=ruta,
        revisada=ImagenRevisada(
            tipo_mime=tipo_mime, extension=extension, tamano=tamano, ancho=ancho, alto=alto
        ),
        acta=acta,
        clave_leida=clave_leida,
        origen=origen,
        medio=medio,
        tipo_documento=tipo_documento,
        identificacion=identificacion,
        usuario=None,
        dispositivo=dispositivo,
        capturado_en=_fecha(capturado_en),
        recibido_en=datetime.fromisoformat(recibido_en),
    )


def recibo_a_mensaje(n: int, r: Recibo | None) -> bytes:
    if r is None:
        return json.dumps([n, None]).encode()
    return json.dumps(
        [
            n,
            [
                str(r.recibo),
                r.clave_acta,
                r.sha256,
                r.version,
                r.recibido_en.isoformat(),
                r.duplicado,
                r.fuera_catalogo,
                r.digitalizacion_id,
            ],
        ],
        ensure_ascii=False,
    ).encode()


def mensaje_a_recibo(mensaje: bytes) -> tuple[int, Recibo | None]:
    n, r = json.loads(mensaje)
    if r is None:
        return n, None
    recibo, clave, sha, version, recibido_en, duplicado, fuera, dig_id = r
    return n, Recibo(
        recibo=uuid.UUID(recibo),
        clave_acta=clave,
        sha256=sha,
        version=version,
        recibido_en=datetime.fromisoformat(recibido_en),
        duplicado=duplicado,
        fuera_catalogo=fuera,
        digitalizacion_id=dig_id,
    )


class Lider:
    """The leader's side: accepts the followers' connections and queues their uploads on this
    process's committer; each receipt goes back after its group's COMMIT."""

    def __init__(self, servidor: socket.socket, confirmador: Callable[[], Cola]) -> None:
        self._servidor = servidor
        self._confirmador = confirmador  # this process's committer (it may be replaced)
        self._conexiones: set[socket.socket] = set()
        self._hilo = threading.Thread(target=self._aceptar, name="intake-lider", daemon=True)
        self._hilo.start()

    def _aceptar(self) -> None:
        while True:
            try:
                conexion, _ = self._servidor.accept()
            except OSError:
                return  # closed
            if not _mismo_usuario(conexion):
                conexion.close()
                continue
            threading.Thread(
                target=self._atender, args=(conexion,), name="intake-lider-conexion", daemon=True
            ).start()

    def _atender(self, conexion: socket.socket) -> None:
        candado = threading.Lock()

        def responder(n: int, futuro: Future[Recibo]) -> None:
            recibo = None if futuro.exception() is not None else futuro.result()
            try:
                with candado:
                    conexion.send(recibo_a_mensaje(n, recibo))
            except OSError:
                pass  # the follower is gone; its request thread is gone with it

        self._conexiones.add(conexion)
        try:
            self._leer(conexion, responder, candado)
        finally:
            self._conexiones.discard(conexion)

    def _leer(
        self,
        conexion: socket.socket,
        responder: Callable[[int, Future[Recibo]], None],
        candado: threading.Lock,
    ) -> None:
        with conexion:
            while True:
                try:
                    mensaje = conexion.recv(65536)
                except OSError:
                    return
                if not mensaje:
                    return
                try:
                    n, subida = mensaje_a_subida(mensaje)
                except Exception:  # a malformed message: no receipt, the follower writes it
                    try:
                        n = int(json.loads(mensaje)[0])
                        with candado:
                            conexion.send(recibo_a_mensaje(n, None))
                    except Exception:
                        return
                    continue
                futuro = self._confirmador().encolar(subida)
                futuro.add_done_callback(lambda f, n=n: responder(n, f))  # type: ignore[misc]

    def cerrar(self) -> None:
        """Stop leading: the name is freed and every follower sees its connection end."""
        for s in [self._servidor, *self._conexiones]:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._servidor.close()


class Seguidor:
    """A follower's link to the leader: one connection shared by the process's request
    threads, one thread reading the receipts."""

    def __init__(self, conexion: socket.socket) -> None:
        self._conexion = conexion
        self._pendientes: dict[int, Future[Recibo | None]] = {}
        self._numeros = itertools.count()
        self._candado = threading.Lock()
        self.vivo = True
        self._hilo = threading.Thread(target=self._leer, name="intake-seguidor", daemon=True)
        self._hilo.start()

    def registrar(self, subida: Subida) -> Recibo | None:
        """The leader's receipt for this upload, or None: then the caller writes it itself."""
        futuro: Future[Recibo | None] = Future()
        with self._candado:
            if not self.vivo:
                return None
            n = next(self._numeros)
            self._pendientes[n] = futuro
            try:
                self._conexion.send(subida_a_mensaje(n, subida))
            except OSError:
                self._pendientes.pop(n, None)
                self._morir()
                return None
        return futuro.result()

    def _leer(self) -> None:
        while True:
            try:
                mensaje = self._conexion.recv(65536)
            except OSError:
                mensaje = b""
            if not mensaje:
                with self._candado:
                    self._morir()
                return
            try:
                n, recibo = mensaje_a_recibo(mensaje)
            except Exception:
                with self._candado:
                    self._morir()
                return
            with self._candado:
                futuro = self._pendientes.pop(n, None)
            if futuro is not None:
                futuro.set_result(recibo)

    def _morir(self) -> None:
        """Under the lock: no more sends; every upload still waiting is written by its own
        request thread."""
        self.vivo = False
        for futuro in self._pendientes.values():
            futuro.set_result(None)
        self._pendientes.clear()
        try:
            self._conexion.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def cerrar(self) -> None:
        with self._candado:
            self._morir()
        self._conexion.close()


class Compartido:
    """This process's role: leader, follower, or (for a moment after a failure) neither."""

    def __init__(self, nombre: bytes) -> None:
        self.nombre = nombre
        self.lider: Lider | None = None
        self.seguidor: Seguidor | None = None
        self._reintento = 0.0
        self._candado = threading.Lock()

    def seguidor_vivo(self, confirmador: Callable[[], Cola]) -> Seguidor | None:
        """The link to the leader when this process follows one; None when it is the leader
        (or nobody can be reached just now): then it commits on its own committer."""
        seguidor = self.seguidor
        if seguidor is not None and seguidor.vivo:
            return seguidor
        if self.lider is not None:
            return None
        with self._candado:
            if self.lider is not None:
                return None
            if self.seguidor is not None and self.seguidor.vivo:
                return self.seguidor
            if time.monotonic() < self._reintento:
                return None
            self.seguidor = None
            try:
                self._elegir(confirmador)
            except OSError:
                self._reintento = time.monotonic() + REINTENTO_S
            return self.seguidor

    def _elegir(self, confirmador: Callable[[], Cola]) -> None:
        servidor = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            servidor.bind(self.nombre)
        except OSError:
            servidor.close()
        else:
            servidor.listen(64)
            self.lider = Lider(servidor, confirmador)
            return
        conexion = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            conexion.connect(self.nombre)
            if not _mismo_usuario(conexion):
                raise OSError("el líder del socket es de otro usuario")
        except OSError:
            conexion.close()
            raise
        self.seguidor = Seguidor(conexion)

    def cerrar(self) -> None:
        with self._candado:
            if self.lider is not None:
                self.lider.cerrar()
                self.lider = None
            if self.seguidor is not None:
                self.seguidor.cerrar()
                self.seguidor = None


def disponible() -> bool:
    return bool(getattr(settings, "OPLE_INTAKE_LOTE_COMPARTIDO", False)) and (
        connections["default"].vendor == "postgresql" and hasattr(socket, "SO_PEERCRED")
    )
