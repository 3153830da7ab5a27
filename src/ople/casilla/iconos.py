"""Draw the app icons (static/casilla/icono-*.png and icono.svg): `python -m ople.casilla.iconos`.

A sheet (the acta) with rows and a QR corner on the institute's maroon, and a check mark.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

FONDO = "#6b1f5c"
HOJA = "#ffffff"
TINTA = "#6b1f5c"
VERDE = "#1d8a3a"

# Geometry on a 512-unit canvas (shared by the PNG and the SVG).
HOJA_RECT = (136, 84, 376, 420)
RENGLONES = [(170, y, 300, y + 18) for y in (150, 200, 250, 300)]
QR = (316, 110, 356, 150)
CHECK = [(236, 360), (290, 410), (392, 300)]


def _png(lado: int) -> Image.Image:
    e = lado / 512
    img = Image.new("RGBA", (lado, lado), FONDO)
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([c * e for c in HOJA_RECT], radius=18 * e, fill=HOJA)
    for r in RENGLONES:
        d.rounded_rectangle([c * e for c in r], radius=6 * e, fill=TINTA)
    d.rectangle([c * e for c in QR], fill=TINTA)
    d.line([(x * e, y * e) for x, y in CHECK], fill=VERDE, width=int(44 * e), joint="curve")
    return img


def _svg() -> str:
    x0, y0, x1, y1 = HOJA_RECT
    renglones = "".join(
        f'<rect x="{a}" y="{b}" width="{c - a}" height="{d - b}" rx="6" fill="{TINTA}"/>'
        for a, b, c, d in RENGLONES
    )
    qx0, qy0, qx1, qy1 = QR
    puntos = " ".join(f"{x},{y}" for x, y in CHECK)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">'
        f'<rect width="512" height="512" fill="{FONDO}"/>'
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="18" fill="{HOJA}"/>'
        f"{renglones}"
        f'<rect x="{qx0}" y="{qy0}" width="{qx1 - qx0}" height="{qy1 - qy0}" fill="{TINTA}"/>'
        f'<polyline points="{puntos}" fill="none" stroke="{VERDE}" stroke-width="44" '
        'stroke-linecap="round" stroke-linejoin="round"/></svg>\n'
    )


def main() -> None:
    destino = Path(__file__).resolve().parent / "static" / "casilla"
    for lado in (192, 512):
        _png(lado).save(destino / f"icono-{lado}.png", optimize=True)
    (destino / "icono.svg").write_text(_svg())


if __name__ == "__main__":
    main()
