"""Public catalog pages: the local districts and the secciones of each (no JavaScript)."""

from django.http import Http404
from django.shortcuts import render

from . import selectors
from .models import Casilla


def distritos(request):
    entidad = selectors.entidad_principal()
    filas = list(selectors.resumen_distritos(entidad)) if entidad else []
    totales = {
        "secciones": sum(d.n_secciones for d in filas),
        "casillas": sum(d.n_casillas for d in filas),
        "lista_nominal": sum(d.lista_nominal or 0 for d in filas),
    }
    sinteticas = Casilla.objects.filter(sintetica=True).exists()
    return render(
        request,
        "catalog/distritos.html",
        {"entidad": entidad, "distritos": filas, "totales": totales, "sinteticas": sinteticas},
    )


def distrito(request, numero: int):
    entidad = selectors.entidad_principal()
    d = entidad.distritos_locales.filter(numero=numero).first() if entidad else None
    if d is None:
        raise Http404("No existe ese distrito local.")
    secciones = list(selectors.secciones_de_distrito(d))
    totales = {
        "casillas": sum(s.n_casillas for s in secciones),
        "lista_nominal": sum(s.lista_nominal or 0 for s in secciones),
    }
    sinteticas = Casilla.objects.filter(seccion__distrito_local=d, sintetica=True).exists()
    municipios = sorted({s.municipio.nombre for s in secciones})
    return render(
        request,
        "catalog/distrito.html",
        {
            "entidad": entidad,
            "distrito": d,
            "secciones": secciones,
            "totales": totales,
            "sinteticas": sinteticas,
            "municipios": municipios,
        },
    )
