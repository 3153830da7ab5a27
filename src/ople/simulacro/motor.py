"""The simulated election night, played against a running ople over HTTP.

Simulated people use the real interfaces: CAE phones call the PREP Casilla API, CATD staff use
the CATD page (acopio stamp, then the scan), capture operators use the capture page, the
supervisor the supervision pages. A publisher thread makes cuts on the profile's schedule,
scaled by the speed. The scenario (escenario.py) knows the truth; `verificar_consistencia`
checks the final cut against it at the end.
"""

from __future__ import annotations

import hashlib
import queue
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django_otp.oath import totp

from ople.simulacro import escenario as esc
from ople.simulacro.cliente import Navegador
from ople.simulacro.preparacion import Cuenta, InfoActa, Preparacion

_ASIGNACION = re.compile(r'name="asignacion" value="(\d+)"')
_CLAVE_CAPTURA = re.compile(r'<span class="clave">([0-9A-Z]+)</span>')
_RONDA = re.compile(r"Ronda (\d)")
_CONFLICTO = re.compile(r'href="(/prep/supervision/conflictos/(\d+)/)"[^>]*>Resolver ([0-9A-Z]+)<')


# What the supervision page says when the acta left the conflict state before the decision
# (ople.prep.services.supervision).
_YA_CERRADO = "El acta no está en conflicto."


def token_totp(llave_hex: str) -> str:
    return f"{totp(bytes.fromhex(llave_hex)):06d}"


@dataclass
class Estadisticas:
    inicio: float = field(default_factory=time.monotonic)
    recibos: dict[str, tuple[str, str]] = field(default_factory=dict)  # recibo → (clave, sha)
    subidas: int = 0
    duplicadas: int = 0
    rechazos: list[str] = field(default_factory=list)
    capturas: int = 0
    errores_captura: list[str] = field(default_factory=list)
    resoluciones: int = 0
    # conflicts the tie-break capture closed between the supervisor's list and its decision
    ya_cerrados: int = 0
    sin_acta: int = 0
    fuera_catalogo: int = 0
    latencias: list[float] = field(default_factory=list)
    cortes: list[str] = field(default_factory=list)
    candado: threading.Lock = field(default_factory=threading.Lock)

    def anotar(self, **cambios: Any) -> None:
        with self.candado:
            for k, v in cambios.items():
                actual = getattr(self, k)
                if isinstance(actual, list):
                    actual.append(v)
                elif isinstance(actual, dict):
                    actual.update(v)
                else:
                    setattr(self, k, actual + v)


class Reloj:
    """Maps minutes of the simulated night (after 18:00) to seconds of real time."""

    def __init__(self, velocidad: float) -> None:
        self.velocidad = velocidad
        self.cero = time.monotonic()

    def segundos(self, minuto: float) -> float:
        return minuto * 60.0 / self.velocidad

    def minuto(self) -> float:
        return (time.monotonic() - self.cero) * self.velocidad / 60.0

    def esperar(self, minuto: float, parar: threading.Event) -> bool:
        restante = self.cero + self.segundos(minuto) - time.monotonic()
        if restante > 0:
            return not parar.wait(restante)
        return not parar.is_set()


ImagenFn = Callable[[esc.ActaSimulada, InfoActa, str, int], bytes]


class Noche:
    def __init__(
        self,
        *,
        url: str,
        prep: Preparacion,
        escenario: esc.Escenario,
        velocidad: float,
        imagen: ImagenFn,
        publicar: Callable[[bool], str | None],
        intervalo_corte_s: float,
        aviso: Callable[[str], None] = print,
        semilla: int = 0,
    ) -> None:
        self.url = url.rstrip("/")
        self.prep = prep
        self.escenario = escenario
        self.reloj = Reloj(velocidad)
        self.imagen = imagen
        self.publicar = publicar
        self.intervalo_corte_s = intervalo_corte_s
        self.aviso = aviso
        self.rng = random.Random(semilla)
        self.est = Estadisticas()
        self.parar = threading.Event()
        self.fin_llegadas = threading.Event()
        self.cola_casilla: queue.Queue[esc.ActaSimulada | None] = queue.Queue()
        self.cola_catd: queue.Queue[tuple[str, Any] | None] = queue.Queue()
        self.por_clave = escenario.por_clave()
        self.pendientes_captura = {
            a.entrada.clave_acta for a in escenario.actas if a.sin_acta is None
        }
        self.verificadas: set[str] = set()
        self.candado = threading.Lock()
        self.errores_fatales: list[str] = []
        self.duracion_min = max(
            [t for a in escenario.actas for t in (a.foto_casilla_min, a.llegada_catd_min) if t]
            or [0.0]
        )
        self.codigos_cae = {casilla: codigo for codigo, casilla in prep.codigos.items()}
        self.tokens_cae: dict[str, str] = {}
        self.candado_cae: dict[str, threading.Lock] = {}

    # --- the CAE with PREP Casilla --------------------------------------------------------

    def _token_cae(self, nav: Navegador, casilla: str) -> str | None:
        """The CAE's phone enrols once with its one-time code (one phone per casilla)."""
        with self.candado:
            candado = self.candado_cae.setdefault(casilla, threading.Lock())
        with candado:
            if casilla not in self.tokens_cae:
                r = nav.post_json(
                    "/prep/api/v1/enrolamiento",
                    {"codigo": self.codigos_cae[casilla], "nombre": f"simulacro CAE {casilla}"},
                )
                if r.estado != 201:
                    self.est.anotar(rechazos=f"enrolamiento {casilla}: {r.estado} {r.texto[:200]}")
                    return None
                self.tokens_cae[casilla] = r.json()["token"]
            return self.tokens_cae[casilla]

    def _cae(self) -> None:
        nav = Navegador(self.url)
        while True:
            acta = self.cola_casilla.get()
            if acta is None:
                return
            casilla = acta.entrada.clave_casilla
            try:
                token = self._token_cae(nav, casilla)
                if token is None:
                    continue
                datos = self.imagen(acta, self.prep.info[acta.entrada.clave_acta], "MOVIL", 0)
                sha = hashlib.sha256(datos).hexdigest()
                self._subir_api(nav, token, acta.entrada.clave_acta, datos, sha)
            except Exception as exc:  # a phone that fails keeps the rest of the night going
                self.est.anotar(rechazos=f"CAE {casilla}: {exc!r}")

    def _subir_api(self, nav: Navegador, token: str, clave: str, datos: bytes, sha: str) -> None:
        campos = {"clave_acta": clave, "sha256": sha, "capturado_en": _ahora_iso()}
        archivo = [("imagen", f"{clave}.jpg", "image/jpeg", datos)]
        for intento in range(6):
            r = nav.post_multipart(
                "/prep/api/v1/actas",
                campos,
                archivo,
                cabeceras={"Authorization": f"Bearer {token}"},
                csrf=False,
            )
            self.est.anotar(latencias=r.segundos)
            if r.estado in (200, 201):
                cuerpo = r.json()
                self.est.anotar(
                    subidas=1,
                    duplicadas=1 if cuerpo.get("duplicado") else 0,
                    recibos={cuerpo["recibo"]: (clave, cuerpo["sha256"])},
                )
                if cuerpo["sha256"] != sha:
                    self.est.anotar(rechazos=f"{clave}: el recibo trae otro hash")
                return
            if r.estado < 500 and r.estado not in (408, 429):
                self.est.anotar(rechazos=f"{clave}: {r.estado} {r.texto[:200]}")
                return
            time.sleep(min(8.0, 0.25 * 2**intento))  # the app's backoff on server trouble
        self.est.anotar(rechazos=f"{clave}: sin respuesta tras reintentos")

    # --- the CATD ----------------------------------------------------------------------------

    def _catd(self, cuenta: Cuenta) -> None:
        nav = Navegador(self.url)
        nav.entrar(cuenta.usuario, cuenta.contrasena)
        while True:
            tarea = self.cola_catd.get()
            if tarea is None:
                return
            tipo, carga = tarea
            try:
                if tipo == "paquete":
                    for acta in carga:
                        self._acopiar_y_escanear(nav, acta)
                elif tipo == "fuera":
                    self._escanear_fuera(nav, carga)
            except Exception as exc:
                self.est.anotar(rechazos=f"CATD {cuenta.usuario}: {exc!r}")

    def _acopiar_y_escanear(self, nav: Navegador, acta: esc.ActaSimulada) -> None:
        clave = acta.entrada.clave_acta
        r = nav.post_form("/prep/catd/", {"accion": "acopio", "clave_acopio": clave})
        if r.estado != 200 or "no corresponde" in r.texto:
            self.est.anotar(rechazos=f"acopio {clave}: {r.estado}")
        datos = self.imagen(acta, self.prep.info[clave], "ESCANER", 1)
        r = nav.post_multipart(
            "/prep/catd/",
            {"accion": "digitalizar", "clave": clave},
            [("archivos", f"{clave}.jpg", "image/jpeg", datos)],
        )
        self.est.anotar(latencias=r.segundos)
        sha = hashlib.sha256(datos).hexdigest()
        if r.estado == 200 and sha in r.texto:
            self.est.anotar(subidas=1, recibos={f"catd:{clave}:{sha}": (clave, sha)})
        else:
            self.est.anotar(rechazos=f"escaneo {clave}: {r.estado} {_extracto(r.texto)}")

    def _escanear_fuera(self, nav: Navegador, n: int) -> None:
        # A scan whose QR names no expected acta (a misprinted or foreign form).
        falsa = esc.ActaSimulada(
            entrada=esc.ActaEntrada(
                clave_acta=f"99{9000 + n:04d}B0100" + "02",
                clave_casilla=f"99{9000 + n:04d}B0100",
                tipo_casilla="B",
                lista_nominal=0,
                columnas_voto=("NULOS",),
                grupo="fuera",
            ),
            valores={c: 0 for c in esc.campos_de_columnas(("NULOS",))},
            sin_acta=None,
            foto_casilla_min=None,
            llegada_catd_min=None,
        )
        info = InfoActa(
            id=0,
            clave=falsa.entrada.clave_acta,
            eleccion="FORMATO NO IDENTIFICADO",
            entidad="",
            distrito="",
            municipio="",
            seccion=9000 + n,
            tipo_casilla="B",
            id_casilla=1,
            ext_contigua=0,
            tipo_acta="2",
        )
        datos = self.imagen(falsa, info, "ESCANER", 2)
        r = nav.post_multipart(
            "/prep/catd/",
            {"accion": "digitalizar", "clave": ""},
            [("archivos", f"fuera-{n}.jpg", "image/jpeg", datos)],
        )
        sha = hashlib.sha256(datos).hexdigest()
        if r.estado == 200 and sha in r.texto:
            self.est.anotar(fuera_catalogo=1, recibos={f"fuera:{n}:{sha}": ("", sha)})
        else:
            self.est.anotar(rechazos=f"escaneo fuera de catálogo {n}: {r.estado}")

    # --- capture operators -------------------------------------------------------------------

    def _valores(self, acta: esc.ActaSimulada, ronda: int) -> dict[str, str]:
        valores = {c: str(v) for c, v in acta.valores.items()}
        if ronda in (1, 2) and len(acta.errores) >= ronda:
            campo, malo = acta.errores[ronda - 1]
            if campo:
                valores[campo] = str(malo)
        return valores

    def _capturista(self, cuenta: Cuenta) -> None:
        nav = Navegador(self.url)
        nav.entrar(cuenta.usuario, cuenta.contrasena)
        vacias = 0
        r = nav.get("/prep/captura/")
        while not self.parar.is_set():
            try:
                r, vacias, seguir = self._capturar_una(nav, r, vacias)
            except Exception as exc:  # an operator who hits an error reloads the page
                self.est.anotar(errores_captura=f"{cuenta.usuario}: {exc!r}")
                self.parar.wait(1.0)
                r, seguir = nav.get("/prep/captura/"), True
            if not seguir:
                return

    def _capturar_una(self, nav: Navegador, r: Any, vacias: int) -> tuple[Any, int, bool]:
        """One step of an operator: capture the acta on screen, or wait for one.

        Returns the page now on screen, the count of empty polls and whether to go on.
        """
        m = _ASIGNACION.search(r.texto)
        c = _CLAVE_CAPTURA.search(r.texto)
        if r.estado != 200 or not m or not c:
            if self._todo_verificado():
                return r, vacias, False
            vacias += 1
            self.parar.wait(min(2.0, 0.2 * vacias))
            return nav.get("/prep/captura/"), vacias, True
        clave = c.group(1)
        acta = self.por_clave.get(clave)
        if acta is None:
            self.est.anotar(errores_captura=f"acta desconocida en la cola: {clave}")
            self.parar.wait(1.0)
            return nav.get("/prep/captura/"), 0, True
        ronda_m = _RONDA.search(r.texto)
        ronda = int(ronda_m.group(1)) if ronda_m else 1
        campos = {f"c_{k}": v for k, v in self._valores(acta, ronda).items()}
        respuesta = nav.post_form(
            "/prep/captura/",
            {"asignacion": m.group(1), "iniciada_en": _ahora_iso(), **campos},
        )
        self.est.anotar(latencias=respuesta.segundos)
        if respuesta.estado == 200 and "capturada" in respuesta.texto:
            self.est.anotar(capturas=1)
        else:
            self.est.anotar(
                errores_captura=f"{clave} ronda {ronda}: {respuesta.estado} "
                f"{_extracto(respuesta.texto)}"
            )
        # After a capture the page redirects to the next acta of the queue.
        return respuesta, 0, True

    def _todo_verificado(self) -> bool:
        return self.fin_llegadas.is_set() and self.pendientes() == 0

    def pendientes(self) -> int:
        from ople.prep import selectors as prep_selectors

        hechas = prep_selectors.claves_verificadas(list(self.pendientes_captura))
        with self.candado:
            self.pendientes_captura -= hechas
            self.verificadas |= hechas
            return len(self.pendientes_captura)

    # --- the supervisor ----------------------------------------------------------------------

    def _supervisor(self, sin_acta: list[esc.ActaSimulada]) -> None:
        cuenta = self.prep.supervisor
        nav = Navegador(self.url)
        nav.entrar(cuenta.usuario, cuenta.contrasena, totp=token_totp(cuenta.totp_llave))
        pendientes_sin_acta = sorted(sin_acta, key=lambda a: a.entrada.clave_acta)
        vistos: dict[str, float] = {}
        while not self.parar.is_set():
            ahora = self.reloj.minuto()
            while pendientes_sin_acta and (
                self.fin_llegadas.is_set() or ahora > 200 + 10 * len(pendientes_sin_acta)
            ):
                acta = pendientes_sin_acta.pop(0)
                self._registrar_sin_acta(nav, acta)
            try:
                self._resolver_conflictos(nav, vistos)
            except Exception as exc:
                self.est.anotar(errores_captura=f"supervisión: {exc!r}")
            if self._todo_verificado() and not pendientes_sin_acta:
                return
            self.parar.wait(1.0)

    def _resolver_conflictos(self, nav: Navegador, vistos: dict[str, float]) -> None:
        r = nav.get("/prep/supervision/conflictos/")
        for ruta, _id, clave in _CONFLICTO.findall(r.texto):
            primera = vistos.setdefault(clave, time.monotonic())
            # Give the tie-break capture a moment; then decide against the image.
            if time.monotonic() - primera < 3.0 and not self.fin_llegadas.is_set():
                continue
            acta = self.por_clave.get(clave)
            if acta is None:
                continue
            campos = {f"c_{k}": v for k, v in self._valores(acta, 3).items()}
            resp = nav.post_form(
                ruta,
                {"motivo": "Simulacro: se cotejó contra la imagen del acta.", **campos},
                pagina=ruta,
            )
            if resp.estado == 200:
                self.est.anotar(resoluciones=1)
            elif resp.estado == 400 and _YA_CERRADO in resp.texto:
                # The same race a real supervisor meets: the server refuses and changes nothing.
                self.est.anotar(ya_cerrados=1)
            else:
                self.est.anotar(errores_captura=f"resolver {clave}: {resp.estado}")

    def _registrar_sin_acta(self, nav: Navegador, acta: esc.ActaSimulada) -> None:
        clave = acta.entrada.clave_acta
        r = nav.post_form(
            "/prep/supervision/sin-acta/",
            {
                "clave": clave,
                "causa": acta.sin_acta or "",
                "motivo": "Simulacro: " + (acta.sin_acta or ""),
            },
            pagina="/prep/supervision/sin-acta/",
        )
        if r.estado == 200:
            self.est.anotar(sin_acta=1)
        else:
            self.est.anotar(errores_captura=f"sin acta {clave}: {r.estado} {_extracto(r.texto)}")

    # --- the publisher -----------------------------------------------------------------------

    def _publicador(self) -> None:
        """Cuts are named by the minute and include what was verified before it began, so
        publish right after a minute starts, once the interval has passed."""
        ultimo = -1e9
        minuto_publicado = ""
        while not self.parar.is_set():
            ahora = time.time()
            minuto = time.strftime("%Y%m%d%H%M", time.gmtime(ahora))
            if (
                self.verificadas
                and minuto != minuto_publicado
                and time.monotonic() - ultimo >= self.intervalo_corte_s - 2
            ):
                nombre = self.publicar(False)
                if nombre:
                    ultimo = time.monotonic()
                    minuto_publicado = minuto
                    self.est.anotar(cortes=nombre)
                    self.aviso(
                        f"  corte {nombre} publicado · {len(self.verificadas)} actas verificadas"
                    )
            self.parar.wait(1.0)

    # --- the night ---------------------------------------------------------------------------

    def correr(self, *, n_cae: int = 4) -> None:
        actas = self.escenario.actas
        eventos: list[tuple[float, str, Any]] = []
        paquetes: dict[str, list[esc.ActaSimulada]] = {}
        sin_acta = []
        for a in actas:
            if a.sin_acta is not None:
                sin_acta.append(a)
                continue
            if a.foto_casilla_min is not None:
                eventos.append((a.foto_casilla_min, "foto", a))
            if a.llegada_catd_min is not None:
                paquetes.setdefault(a.entrada.clave_casilla, []).append(a)
        for _clave, grupo in paquetes.items():
            eventos.append((grupo[0].llegada_catd_min or 0.0, "paquete", grupo))
        for i, t in enumerate(self.escenario.fuera_catalogo):
            eventos.append((t, "fuera", i))
        eventos.sort(key=lambda e: (e[0], e[1], _orden(e[2])))

        hilos = [threading.Thread(target=self._cae, daemon=True) for _ in range(n_cae)]
        hilos += [
            threading.Thread(target=self._catd, args=(c,), daemon=True) for c in self.prep.catd
        ]
        trabajo = [
            threading.Thread(target=self._capturista, args=(c,), daemon=True)
            for c in self.prep.capturistas + self.prep.verificadores
        ]
        trabajo.append(threading.Thread(target=self._supervisor, args=(sin_acta,), daemon=True))
        publicador = threading.Thread(target=self._publicador, daemon=True)
        for h in hilos + trabajo:
            h.start()
        publicador.start()
        progreso = threading.Thread(target=self._progreso, daemon=True)
        progreso.start()
        try:
            for minuto, tipo, carga in eventos:
                if not self.reloj.esperar(minuto, self.parar):
                    break
                if tipo == "foto":
                    self.cola_casilla.put(carga)
                elif tipo == "paquete":
                    self.cola_catd.put(("paquete", carga))
                else:
                    self.cola_catd.put(("fuera", carga))
            for _ in range(n_cae):
                self.cola_casilla.put(None)
            for _ in self.prep.catd:
                self.cola_catd.put(None)
            for h in hilos:
                h.join()
            self.fin_llegadas.set()
            for h in trabajo:
                h.join()
        finally:
            self.parar.set()
            publicador.join()
            progreso.join(timeout=2)

    def _progreso(self) -> None:
        while not self.parar.wait(5.0):
            self.pendientes()
            self.aviso(
                f"[{_hora_sim(min(self.reloj.minuto(), self.duracion_min))}] imágenes {self.est.subidas} · capturas "
                f"{self.est.capturas} · verificadas {len(self.verificadas)} · por verificar "
                f"{len(self.pendientes_captura)} · cortes {len(self.est.cortes)}"
            )


def _orden(carga: Any) -> str:
    if isinstance(carga, esc.ActaSimulada):
        return carga.entrada.clave_acta
    if isinstance(carga, list) and carga:
        return str(carga[0].entrada.clave_acta)
    return str(carga)


def _hora_sim(minuto: float) -> str:
    total = int(18 * 60 + minuto)
    return f"{(total // 60) % 24:02d}:{total % 60:02d}"


def _ahora_iso() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat()


def _extracto(texto: str) -> str:
    m = re.search(r'role="alert"[^>]*>([^<]{0,200})', texto) or re.search(
        r'class="error[^"]*"[^>]*>([^<]{0,200})', texto
    )
    return m.group(1).strip() if m else ""
