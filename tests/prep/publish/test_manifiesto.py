"""The manifest is written by hand for speed: its bytes are exactly `json.dumps` of the
document, whatever the names, with or without images and audit head, cut after cut."""

from __future__ import annotations

import json

from ople.publicacion import manifiesto


def _como_json(m: manifiesto.Manifiesto) -> bytes:
    doc: dict[str, object] = {
        "formato": manifiesto.FORMATO,
        "corte": m.nombre,
        "corte_en": m.corte_en,
        "final": m.final,
        "previo": m.previo,
        "previo_sha256": m.previo_sha256,
    }
    if m.bitacora is not None:
        doc["bitacora"] = {"eventos": m.bitacora[0], "cabeza": m.bitacora[1]}
    doc["archivos"] = {k: {"bytes": n, "sha256": h} for k, (n, h) in sorted(m.archivos.items())}
    doc["imagenes"] = dict(sorted(m.imagenes.items()))
    return json.dumps(doc, ensure_ascii=False, indent=0).encode("utf-8")


def test_manifiesto_como_json_dumps():
    _comprobar()


def test_manifiesto_en_tandas_pequenas(monkeypatch):
    # entries written a few at a time: the joints between batches are the document's too
    for tanda in (1, 2, 3, 7):
        monkeypatch.setattr(manifiesto, "TANDA", tanda)
        _comprobar()


def _comprobar():
    raros = ['a"b.html', "a\\b", "ñandú/índice.html", "tab\there", "nl\nx", "\u2028", ""]
    casos = [
        manifiesto.Manifiesto("20240603_0200", "2024-06-03T08:00:00+00:00", False, None, None, {}),
        manifiesto.Manifiesto(
            "20240603_0220",
            "2024-06-03T08:20:00+00:00",
            True,
            "20240603_0200",
            "ab" * 32,
            {f"secciones/{i}.html": (i * 7, f"{i:064x}") for i in range(50)}
            | {r: (1, "0" * 64) for r in raros},
            {f"{i:064x}.jpg": i for i in range(40, 0, -1)} | {r: 3 for r in raros if r},
            bitacora=(12, "cd" * 32),
        ),
    ]
    imagenes = {f"{i:064x}.jpg": i for i in range(30)}
    for paso in range(3):  # the image order memo across manifests: added and removed names
        imagenes = {k: v for k, v in imagenes.items() if hash(k) % 5 != paso} | {
            f"{1000 * (paso + 1) + i:064x}.png": i for i in range(7)
        }
        casos.append(
            manifiesto.Manifiesto("c", "t", False, "p", None, {"x": (1, "y")}, dict(imagenes))
        )
    for m in casos:
        assert m.a_bytes() == _como_json(m)
        assert manifiesto.Manifiesto.de_bytes(m.a_bytes()) == m


def test_imagenes_empalmadas_del_manifiesto_anterior(monkeypatch):
    """Manifest after manifest with few images changed, the images section is spliced from the
    previous one (runs of its lines and the new ones): added before the first and after the
    last name, removed, resized, with names that need escaping, the dict changed in place
    after it was written; its bytes are still json.dumps of the document. With many changed,
    it is made whole."""
    import random

    memoria = manifiesto.Memoria()
    empalmes = []
    empalmar = manifiesto._empalmar

    def contar(previa, imagenes):
        s = empalmar(previa, imagenes)
        empalmes.append(s is not None)
        return s

    monkeypatch.setattr(manifiesto, "_empalmar", contar)
    rnd = random.Random(4)
    imagenes = {f"{rnd.getrandbits(256):064x}.jpg": rnd.randrange(1, 99999) for _ in range(400)}
    imagenes['raro "1".jpg'] = 5
    pasos = [
        lambda d: d.update({"0" * 64 + ".png": 1, "f" * 64 + ".png": 2}),  # first and last
        lambda d: [d.pop(k) for k in rnd.sample(sorted(d), 20)],
        lambda d: d.update({k: d[k] + 1 for k in rnd.sample(sorted(d), 15)}),
        lambda d: d.update({"nl\nx.jpg": 3, "ñandú.jpg": 4, "\u2028.jpg": 7}),
        lambda d: (d.pop(min(d)), d.pop(max(d)), d.update({f"{i:064x}.tif": i for i in range(9)})),
        lambda d: d.clear() or d.update({f"{i:064x}.gif": i for i in range(50)}),  # all changed
        lambda d: None,
    ]
    for paso in pasos:
        m = manifiesto.Manifiesto("c", "t", False, "p", None, {"x": (1, "y")}, imagenes)
        assert m.a_bytes(memoria) == _como_json(m)
        paso(imagenes)  # in place: the next manifest's dict is the same object, changed
    m = manifiesto.Manifiesto("c", "t", False, "p", None, {"x": (1, "y")}, imagenes)
    assert m.a_bytes(memoria) == _como_json(m)
    # the last step changed nothing: the previous section is taken whole, without a splice
    assert empalmes == [True, True, True, True, True, False]


def test_orden_de_imagenes_antes_del_manifiesto():
    """The PREP's file list takes the images' order from the section its manifest will write
    (`orden_imagenes`); the manifest then reuses that section, and its bytes do not change."""
    memoria = manifiesto.Memoria()
    imagenes = {f"{i * 7919 % 1000:064x}.jpg": i for i in range(1, 300)}
    for cambio in ({}, {f"{5000:064x}.png": 3}, {}):
        imagenes.update(cambio)
        orden = manifiesto.orden_imagenes(imagenes, memoria)
        assert orden == sorted(imagenes)
        seccion = memoria.seccion
        m = manifiesto.Manifiesto(
            "c", "t", False, None, None, {"b": (1, "y"), "a": (2, "z")}, imagenes
        )
        assert m.a_bytes(memoria, orden_archivos=["a", "b"]) == _como_json(m)
        assert memoria.seccion is seccion
