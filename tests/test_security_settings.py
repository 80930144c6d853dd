"""Production settings: fail loudly without secrets, pass `check --deploy`, send the security headers,
and show error pages that reveal nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from .factories import UserFactory

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_SECRET = "k3Jx9QpL2vN8wR5tY7uZ1aB4cD6eF0gH-iJ_mK3nO5pQ7rS9tU1vW3xY5zA7bC9d"  # 64 characters
assert len(PRODUCTION_SECRET) == 64

# Runs in a child process with only the given environment. A developer's .env file is ignored, so the
# test sees exactly the variables it sets.
_PRELUDE = "import environ; environ.Env.read_env = classmethod(lambda cls, *a, **k: None)\n"


def run_python(code: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    clean_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "IDK_VAR_DIR": str(tmp_path / "var"), **env}
    return subprocess.run(
        [sys.executable, "-c", _PRELUDE + code],
        cwd=BASE_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(tmp_path: Path, **extra_env: str) -> dict:
    env = {"DEBUG": "false", "SECRET_KEY": PRODUCTION_SECRET, "ALLOWED_HOSTS": "portal.example.fi", **extra_env}
    code = (
        "import json, idkportal.settings as s\n"
        "names = ['SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS',\n"
        "  'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', 'SECURE_PROXY_SSL_HEADER', 'X_FRAME_OPTIONS',\n"
        "  'SECURE_REFERRER_POLICY', 'SECURE_CONTENT_TYPE_NOSNIFF', 'SESSION_COOKIE_HTTPONLY', 'ALLOWED_HOSTS',\n"
        "  'SESSION_COOKIE_AGE', 'SESSION_EXPIRE_AT_BROWSER_CLOSE', 'AXES_ENABLED', 'AXES_FAILURE_LIMIT',\n"
        "  'OIDC_ENABLED', 'AUTHENTICATION_BACKENDS', 'DEBUG']\n"
        "out = {n: getattr(s, n) for n in names}\n"
        "out['SILENCED_SYSTEM_CHECKS'] = getattr(s, 'SILENCED_SYSTEM_CHECKS', [])\n"
        "out['STATICFILES'] = s.STORAGES['staticfiles']['BACKEND']\n"
        "print(json.dumps(out))\n"
    )
    result = run_python(code, env, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Loud failure without secrets ---------------------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        {"DEBUG": "false"},
        {"DEBUG": "false", "SECRET_KEY": PRODUCTION_SECRET},
        {"DEBUG": "false", "ALLOWED_HOSTS": "portal.example.fi"},
    ],
    ids=["nothing", "no-allowed-hosts", "no-secret-key"],
)
def test_production_without_secret_or_hosts_fails_loudly(env, tmp_path):
    result = run_python("import idkportal.settings", env, tmp_path)
    assert result.returncode == 1
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert "With DEBUG off, SECRET_KEY and ALLOWED_HOSTS must be set in the environment." in result.stderr


def test_production_with_short_secret_key_fails(tmp_path):
    env = {"DEBUG": "false", "SECRET_KEY": "too-short", "ALLOWED_HOSTS": "portal.example.fi"}
    result = run_python("import idkportal.settings", env, tmp_path)
    assert result.returncode == 1
    assert "SECRET_KEY must be at least 50 characters long." in result.stderr


def test_debug_is_off_unless_asked_for(tmp_path):
    assert production_settings(tmp_path)["DEBUG"] is False


# --- Production values --------------------------------------------------------------------------


def test_production_security_settings(tmp_path):
    values = production_settings(tmp_path)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["ALLOWED_HOSTS"] == ["portal.example.fi"]
    assert values["SILENCED_SYSTEM_CHECKS"] == []
    assert values["STATICFILES"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    # Log-in protection is on in production even though the test settings switch it off.
    assert values["AXES_ENABLED"] is True
    assert values["AXES_FAILURE_LIMIT"] == 5
    assert values["SESSION_COOKIE_AGE"] == 8 * 60 * 60
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    # Single sign-on is off unless configured.
    assert values["OIDC_ENABLED"] is False
    assert "accounts.oidc.EntraIDBackend" not in values["AUTHENTICATION_BACKENDS"]


def test_proxy_ssl_header_is_configurable(tmp_path):
    values = production_settings(tmp_path, SECURE_PROXY_SSL_HEADER="true")
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_session_settings_in_test_run():
    assert settings.SESSION_COOKIE_AGE == 28800
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


# --- manage.py check --deploy ------------------------------------------------------------------

_CHECK_DEPLOY = (
    "import os, sys\n"
    "os.environ['DJANGO_SETTINGS_MODULE'] = 'idkportal.settings'\n"
    "from django.core.management import execute_from_command_line\n"
    "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])\n"
)


def test_check_deploy_has_no_warnings(tmp_path):
    """No collectstatic has been run (no manifest), and the check still passes."""
    env = {"DEBUG": "false", "SECRET_KEY": PRODUCTION_SECRET, "ALLOWED_HOSTS": "portal.example.fi"}
    result = run_python(_CHECK_DEPLOY, env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_catches_a_weakened_setting(tmp_path):
    """The same check fails when HSTS is switched off, so the test above would notice a regression."""
    env = {
        "DEBUG": "false",
        "SECRET_KEY": PRODUCTION_SECRET,
        "ALLOWED_HOSTS": "portal.example.fi",
        "SECURE_HSTS_SECONDS": "0",
    }
    result = run_python(_CHECK_DEPLOY, env, tmp_path)
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


# --- Security headers on a real response ------------------------------------------------------


@pytest.mark.django_db
def test_login_page_carries_security_headers(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    directives = {part.strip().split()[0]: part.strip().split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True)
def test_hsts_header_on_https(client):
    response = client.get("/accounts/login/", secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_proxy_header_marks_request_secure(client):
    response = client.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200


# --- Error pages ------------------------------------------------------------------------------

LEAKS = ("Traceback", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "kaboom-internal-detail", "idkportal", 'File "')

ENGLISH = {
    400: ("Bad request", "The request could not be understood. Go back and try again."),
    403: (
        "You do not have access to this",
        "Your role does not allow this action. If you think it should, contact a portfolio coordinator.",
    ),
    404: ("Page not found", "The page you were looking for does not exist or has moved."),
    500: (
        "Something went wrong",
        "The error has been logged. Nothing you entered was saved half-way; please try again in a moment.",
    ),
}
PATHS = {
    400: "/test-errors/bad-request/",
    403: "/test-errors/denied/",
    404: "/no-such-page/",
    500: "/test-errors/boom/",
}


def assert_reveals_nothing(body: str) -> None:
    for leak in LEAKS:
        assert leak not in body, leak
    assert settings.SECRET_KEY not in body


@pytest.mark.django_db
@pytest.mark.urls("tests.urls_errors")
@override_settings(DEBUG=False)
@pytest.mark.parametrize("status", [400, 403, 404, 500])
@pytest.mark.parametrize("language", ["fi", "en"])
def test_error_pages_are_translated_and_reveal_nothing(status, language):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(username=f"user-{language}", language=language))
    response = client.get(PATHS[status])
    assert response.status_code == status
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert body.count("<h1>") == 1
    assert_reveals_nothing(body)
    heading, message = ENGLISH[status]
    if language == "en":
        assert f"<h1>{heading}</h1>" in body
        assert message in body


@pytest.mark.django_db
@pytest.mark.urls("tests.urls_errors")
@override_settings(DEBUG=False)
def test_server_error_page_for_anonymous_visitor():
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/public-boom/")
    assert response.status_code == 500
    assert '<html lang="fi">' in response.content.decode()
    assert_reveals_nothing(response.content.decode())
