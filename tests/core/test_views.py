import pytest

from ople.core import roles
from ople.core.testing import login_verified, make_user
from ople.prep import roles as prep_roles

pytestmark = pytest.mark.django_db


def test_public_home_links_every_public_system(client):
    body = client.get("/").content.decode()
    for href in ('href="/prep/"', 'href="/ubica/"', 'href="/catalogo/"', 'href="/casilla/"'):
        assert href in body
    assert 'href="/oficina/"' in body


def test_office_requires_login(client):
    response = client.get("/oficina/")
    assert response.status_code == 302
    assert response["Location"] == "/cuenta/entrar/?next=/oficina/"


@pytest.mark.parametrize(
    "role_list,expected",
    [
        ((prep_roles.ACOPIO,), {"/prep/catd/"}),
        ((prep_roles.DIGITALIZACION,), {"/prep/catd/"}),
        ((prep_roles.CAPTURA,), {"/prep/captura/"}),
        ((prep_roles.VERIFICACION,), {"/prep/captura/"}),
        ((prep_roles.SUPERVISION,), {"/prep/supervision/"}),
        ((prep_roles.COORDINACION,), {"/prep/supervision/"}),
        ((prep_roles.CAPTURA, prep_roles.SUPERVISION), {"/prep/captura/", "/prep/supervision/"}),
        (
            (roles.ADMINISTRACION,),
            {"/prep/catd/", "/prep/captura/", "/prep/supervision/", "/admin/"},
        ),
        ((), set()),
    ],
)
def test_office_lists_the_tools_of_the_users_roles(client, role_list, expected):
    user = make_user("u", *role_list)
    login_verified(client, user)
    body = client.get("/oficina/").content.decode()
    tools = {
        url
        for url in ("/prep/catd/", "/prep/captura/", "/prep/supervision/", "/admin/")
        if f'href="{url}"' in body
    }
    assert tools == expected
    if not role_list:
        assert "no tiene ningún rol" in body


def test_garbage_posts_never_fail(client):
    make_user("cap1", prep_roles.CAPTURA)
    assert client.post("/cuenta/entrar/", {"username": "x" * 5000}).status_code == 200
    assert client.post("/cuenta/entrar/", {}).status_code == 200
    client.force_login(make_user("sup", prep_roles.SUPERVISION))
    for data in ({}, {"codigo": "x" * 5000}, {"codigo": "１２３４５６"}, {"next": "//evil"}):
        assert client.post("/cuenta/segundo-factor/", data).status_code in (200, 400)
