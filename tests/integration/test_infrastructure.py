"""Smoke tests for the test infrastructure itself: PDF rendering libraries, the browser, the SMTP fixture, Redis.

They use no application code, so they stay green while the apps change.
"""

import io
from pathlib import Path

import pytest
from django.core.mail import send_mail

HTMX = Path(__file__).resolve().parents[2] / "static" / "vendor" / "htmx.min.js"


def test_weasyprint_renders_a_pdf_that_pypdf_can_read(weasyprint):
    from pypdf import PdfReader

    pdf = weasyprint.HTML(string="<html lang='fi'><body><p>Hei maailma: äö</p></body></html>").write_pdf()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Hei maailma: äö" in text


def test_vendored_htmx_is_version_2():
    head = HTMX.read_text(encoding="utf-8")
    assert head.startswith("var htmx=function()")
    assert 'version:"2.' in head


@pytest.mark.redis
def test_redis_answers(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    assert client.ping() is True
    client.close()


@pytest.mark.smtp
def test_smtp_server_fixture_receives_django_mail(smtp_server):
    send_mail("Aihe", "Viesti", "portaali@kuopio.invalid", ["vastaanottaja@kuopio.invalid"])
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0].rcpt_tos == ["vastaanottaja@kuopio.invalid"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_loads_vendored_htmx_from_live_server(page, live_server):
    response = page.goto(f"{live_server.url}/static/vendor/htmx.min.js")
    assert response is not None and response.status == 200
    page.set_content("<!doctype html><html lang='fi'><head><title>t</title></head><body><main></main></body></html>")
    page.add_script_tag(url=f"{live_server.url}/static/vendor/htmx.min.js")
    assert page.evaluate("htmx.version").startswith("2.")
    assert len(page.screenshot()) > 1000
