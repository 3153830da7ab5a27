"""Placeholder views of the platform shell; the core work replaces them (login, 2FA, home)."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

entrar = auth_views.LoginView.as_view(template_name="core/entrar.html")
salir = auth_views.LogoutView.as_view()


def portada(request):
    return render(request, "core/portada.html")


@login_required
def segundo_factor(request):
    return render(request, "core/portada.html")


@login_required
def inicio(request):
    return render(request, "core/portada.html")
