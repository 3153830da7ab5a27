"""A real SMTP server on a local socket, for the tests (standard library only, RFC 5321 subset:
EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT). Messages are kept as `email.message.Message`."""

from __future__ import annotations

import email
import email.policy
import socketserver
import threading
from email.message import EmailMessage


class _Manejador(socketserver.StreamRequestHandler):
    def _di(self, linea: str) -> None:
        self.wfile.write(linea.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        servidor: ServidorSMTP = self.server.ople  # type: ignore[attr-defined]
        self._di("220 pruebas.ople ESMTP")
        remitente, destinos = "", []
        while True:
            linea = self.rfile.readline()
            if not linea:
                return
            orden = linea.decode("utf-8", "replace").strip()
            verbo = orden[:4].upper()
            if verbo in ("EHLO", "HELO"):
                self._di("250 pruebas.ople")
            elif verbo == "MAIL":
                remitente, destinos = orden.split(":", 1)[1].strip(), []
                self._di("250 OK")
            elif verbo == "RCPT":
                destinos.append(orden.split(":", 1)[1].strip().strip("<>"))
                self._di("250 OK")
            elif verbo == "DATA":
                self._di("354 Termine con <CRLF>.<CRLF>")
                cuerpo = bytearray()
                while True:
                    parte = self.rfile.readline()
                    if parte in (b".\r\n", b".\n", b""):
                        break
                    cuerpo += parte[1:] if parte.startswith(b"..") else parte
                mensaje = email.message_from_bytes(bytes(cuerpo), policy=email.policy.default)
                servidor.recibidos.append((remitente, list(destinos), mensaje))  # type: ignore[arg-type]
                self._di("250 OK recibido")
            elif verbo in ("RSET", "NOOP"):
                self._di("250 OK")
            elif verbo == "QUIT":
                self._di("221 Adiós")
                return
            else:
                self._di("502 No implementado")


class ServidorSMTP:
    def __init__(self) -> None:
        self.recibidos: list[tuple[str, list[str], EmailMessage]] = []
        self._srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Manejador)
        self._srv.daemon_threads = True
        self._srv.ople = self  # type: ignore[attr-defined]
        self.puerto = self._srv.server_address[1]
        self._hilo = threading.Thread(target=self._srv.serve_forever, daemon=True)

    def __enter__(self) -> ServidorSMTP:
        self._hilo.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._srv.shutdown()
        self._srv.server_close()
