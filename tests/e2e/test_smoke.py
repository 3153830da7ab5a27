import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_in_chromium(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("h1").first.inner_text().strip() != ""
    assert page.evaluate("document.documentElement.lang") == "es-MX"
