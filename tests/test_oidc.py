"""Single sign-on with Microsoft Entra ID (OpenID Connect), against a fake identity provider run by the test.

The fake provider is a small HTTP server on 127.0.0.1 with the four endpoints the portal uses:
/authorize (redirects straight back with a code, as if the person were already signed in at Microsoft),
/token (checks the client secret, the code and the PKCE verifier, and returns an RS256-signed id_token
carrying the nonce), /userinfo (checks the access token) and /jwks (the public key).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.test import Client, override_settings

from accounts.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db

CLIENT_ID = "idk-portal-test-client"
CLIENT_SECRET = "fake-client-secret-for-tests"
BACKEND = "accounts.oidc.EntraIDBackend"


class FakeProvider:
    """State of the fake identity provider: who signs in next, issued codes and access tokens."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "test-key-1"
        self.signing_key = self.key  # a test may swap in a foreign key
        self.claims: dict = {}
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self.base_url = ""

    def jwks(self) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        payload = {
            "iss": self.base_url,
            "aud": CLIENT_ID,
            "sub": "entra-object-id-123",
            "iat": now,
            "nbf": now,
            "exp": now + 600,
            "nonce": nonce,
            **self.claims,
        }
        return jwt.encode(payload, self.signing_key, algorithm="RS256", headers={"kid": self.kid})


def _handler(provider: FakeProvider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep the test output clean
            pass

        def _json(self, status: int, data: dict) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):  # noqa: N802 - http.server's hook name
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/authorize":
                code = secrets.token_urlsafe(16)
                provider.codes[code] = query
                location = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
                self.send_response(302)
                self.send_header("Location", location)
                self.end_headers()
            elif url.path == "/jwks":
                self._json(200, provider.jwks())
            elif url.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                if token not in provider.access_tokens:
                    self._json(401, {"error": "invalid_token"})
                else:
                    self._json(200, {"sub": "entra-object-id-123", **provider.access_tokens[token]})
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self):  # noqa: N802
            if urlsplit(self.path).path != "/token":
                self._json(404, {"error": "not_found"})
                return
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            provider.token_requests.append(form)
            request = provider.codes.pop(form.get("code", ""), None)
            if (
                request is None
                or form.get("client_id") != CLIENT_ID
                or form.get("client_secret") != CLIENT_SECRET
                or form.get("grant_type") != "authorization_code"
                or form.get("redirect_uri") != request["redirect_uri"]
            ):
                self._json(400, {"error": "invalid_grant"})
                return
            # PKCE (S256): the verifier must hash to the challenge sent to /authorize.
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != request.get("code_challenge"):
                self._json(400, {"error": "invalid_grant", "error_description": "PKCE"})
                return
            access_token = secrets.token_urlsafe(24)
            provider.access_tokens[access_token] = dict(provider.claims)
            self._json(
                200,
                {
                    "token_type": "Bearer",
                    "access_token": access_token,
                    "id_token": provider.id_token(request["nonce"]),
                    "expires_in": 3600,
                },
            )

    return Handler


@pytest.fixture
def provider(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    fake = FakeProvider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def sso(provider):
    """Single sign-on switched on and pointed at the fake provider, with the log-in lock-out on as in production."""
    with override_settings(
        AXES_ENABLED=True,
        OIDC_ENABLED=True,
        OIDC_RP_CLIENT_ID=CLIENT_ID,
        OIDC_RP_CLIENT_SECRET=CLIENT_SECRET,
        OIDC_OP_AUTHORIZATION_ENDPOINT=f"{provider.base_url}/authorize",
        OIDC_OP_TOKEN_ENDPOINT=f"{provider.base_url}/token",
        OIDC_OP_USER_ENDPOINT=f"{provider.base_url}/userinfo",
        OIDC_OP_JWKS_ENDPOINT=f"{provider.base_url}/jwks",
        OIDC_RP_SIGN_ALGO="RS256",
        AUTHENTICATION_BACKENDS=[*settings.AUTHENTICATION_BACKENDS, BACKEND],
    ):
        yield provider


def sign_in(client: Client, next_url: str = "/accounts/settings/"):
    """Start the flow at the portal, let the fake provider answer, and finish at the portal's callback."""
    start = client.get(f"/oidc/authenticate/?{urlencode({'next': next_url})}")
    assert start.status_code == 302
    authorize = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert authorize.status_code == 302
    callback = urlsplit(authorize.headers["Location"])
    assert callback.path == "/oidc/callback/"
    return client.get(f"{callback.path}?{callback.query}")


def test_authenticate_redirects_to_the_provider_with_state_nonce_and_pkce(sso, client):
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{sso.base_url}/authorize"
    params = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert params["client_id"] == CLIENT_ID
    assert params["response_type"] == "code"
    assert params["scope"] == "openid email profile"
    assert params["redirect_uri"] == "http://testserver/oidc/callback/"
    assert params["code_challenge_method"] == "S256"
    assert len(params["state"]) == 32 and len(params["nonce"]) == 32
    assert client.session["oidc_states"][params["state"]]["nonce"] == params["nonce"]


def test_first_sign_in_creates_a_viewer_matched_by_email(sso):
    sso.claims = {
        "email": "Maija.Meikalainen@kuopio.fi",
        "preferred_username": "Maija.Meikalainen@kuopio.fi",
        "given_name": "Maija",
        "family_name": "Meikäläinen",
    }
    client = Client()
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/settings/"

    user = User.objects.get(email="maija.meikalainen@kuopio.fi")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["_auth_user_backend"] == BACKEND
    assert user.username == "maija.meikalainen@kuopio.fi"
    assert (user.first_name, user.last_name) == ("Maija", "Meikäläinen")
    assert list(user.groups.all()) == []
    assert not user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    # The provider saw the right client credentials and a PKCE verifier.
    assert sso.token_requests[0]["client_id"] == CLIENT_ID
    assert len(sso.token_requests[0]["code_verifier"]) == 64
    # And the session works for ordinary pages.
    assert client.get("/accounts/settings/").status_code == 200


def test_existing_user_is_matched_by_email_and_keeps_roles(sso):
    olli = UserFactory(username="olli", email="olli.omistaja@kuopio.fi", first_name="Olli", roles=["coordinators"])
    sso.claims = {
        "email": "OLLI.OMISTAJA@kuopio.fi",
        "preferred_username": "olli.omistaja@kuopio.fi",
        "given_name": "Olli-Pekka",
        "family_name": "Omistaja",
    }
    client = Client()
    response = sign_in(client, next_url="/")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(olli.pk)
    assert User.objects.count() == 1
    olli.refresh_from_db()
    assert olli.username == "olli"
    assert olli.first_name == "Olli-Pekka"  # names follow the directory
    assert list(olli.groups.values_list("name", flat=True)) == ["coordinators"]
    assert olli.check_password("salasana-testi-123")  # the local password is untouched


def test_email_from_preferred_username_when_email_claim_is_missing(sso):
    sso.claims = {"preferred_username": "tiina.toinen@kuopio.fi", "given_name": "Tiina", "family_name": "Toinen"}
    client = Client()
    assert sign_in(client).status_code == 302
    assert User.objects.get().email == "tiina.toinen@kuopio.fi"


def test_username_clash_gets_a_suffix(sso):
    UserFactory(username="maija@kuopio.fi", email="toinen.maija@kuopio.fi")
    sso.claims = {"email": "maija@kuopio.fi", "preferred_username": "maija@kuopio.fi"}
    client = Client()
    assert sign_in(client).status_code == 302
    assert User.objects.get(email="maija@kuopio.fi").username == "maija@kuopio.fi-2"


def test_inactive_user_is_refused(sso):
    UserFactory(username="entinen", email="entinen@kuopio.fi", is_active=False)
    sso.claims = {"email": "entinen@kuopio.fi"}
    client = Client(headers={"Accept-Language": "en"})
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    page = client.get("/accounts/login/")
    assert "Signing in with Microsoft failed. Try again or use your password." in page.content.decode()


def test_id_token_signed_with_a_foreign_key_is_refused(sso):
    sso.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sso.claims = {"email": "hyokkaaja@kuopio.fi"}
    client = Client(raise_request_exception=False)
    response = sign_in(client)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="hyokkaaja@kuopio.fi").exists()


def test_callback_with_unknown_state_logs_nobody_in(sso):
    client = Client()
    response = client.get("/oidc/callback/?code=abc&state=not-from-this-session")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"  # not the login-required redirect (no ?next=)
    assert "_auth_user_id" not in client.session


def test_login_page_shows_the_microsoft_button_when_enabled(sso):
    client = Client(headers={"Accept-Language": "en"})
    body = client.get("/accounts/login/?next=/accounts/settings/").content.decode()
    assert 'href="/oidc/authenticate/?next=/accounts/settings/"' in body
    assert "Sign in with Microsoft" in body


def test_disabled_sso_has_no_button_and_no_endpoints(client):
    assert settings.OIDC_ENABLED is False
    body = client.get("/accounts/login/", headers={"Accept-Language": "en"}).content.decode()
    assert "/oidc/authenticate/" not in body
    assert "Sign in with Microsoft" not in body
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=abc&state=x").status_code == 404


@override_settings(AUTHENTICATION_BACKENDS=[*settings.AUTHENTICATION_BACKENDS, BACKEND], OIDC_ENABLED=False)
def test_backend_does_nothing_while_disabled(rf):
    from accounts.oidc import EntraIDBackend

    request = rf.get("/oidc/callback/?code=abc&state=x")
    assert EntraIDBackend().authenticate(request, nonce="n", code_verifier="v") is None


# --- Settings wiring (environment variables, read in a child process) --------------------------

BASE_DIR = Path(__file__).resolve().parent.parent
_PRELUDE = "import environ; environ.Env.read_env = classmethod(lambda cls, *a, **k: None)\n"
_PRINT = (
    "import json, idkportal.settings as s\n"
    "names = ['OIDC_ENABLED', 'AUTHENTICATION_BACKENDS', 'OIDC_RP_SIGN_ALGO', 'OIDC_OP_AUTHORIZATION_ENDPOINT',\n"
    "  'OIDC_OP_TOKEN_ENDPOINT', 'OIDC_OP_USER_ENDPOINT', 'OIDC_OP_JWKS_ENDPOINT']\n"
    "print(json.dumps({n: getattr(s, n) for n in names}))\n"
)


def settings_with(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "IDK_VAR_DIR": str(tmp_path), "DEBUG": "true"}
    return subprocess.run(
        [sys.executable, "-c", _PRELUDE + _PRINT],
        cwd=BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_enabling_sso_without_configuration_fails_loudly(tmp_path):
    result = settings_with({"OIDC_ENABLED": "true", "OIDC_RP_CLIENT_ID": "x"}, tmp_path)
    assert result.returncode == 1
    assert "OIDC_ENABLED is on but these are not set: OIDC_RP_CLIENT_SECRET, OIDC_OP_AUTHORIZATION_ENDPOINT" in (
        result.stderr
    )


def test_entra_tenant_fills_in_the_endpoints_and_adds_the_backend(tmp_path):
    env = {
        "OIDC_ENABLED": "true",
        "OIDC_RP_CLIENT_ID": "client",
        "OIDC_RP_CLIENT_SECRET": "secret",
        "OIDC_ENTRA_TENANT_ID": "11111111-2222-3333-4444-555555555555",
    }
    result = settings_with(env, tmp_path)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    tenant = "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555"
    assert values["OIDC_OP_AUTHORIZATION_ENDPOINT"] == f"{tenant}/oauth2/v2.0/authorize"
    assert values["OIDC_OP_TOKEN_ENDPOINT"] == f"{tenant}/oauth2/v2.0/token"
    assert values["OIDC_OP_JWKS_ENDPOINT"] == f"{tenant}/discovery/v2.0/keys"
    assert values["OIDC_OP_USER_ENDPOINT"] == "https://graph.microsoft.com/oidc/userinfo"
    assert values["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert values["AUTHENTICATION_BACKENDS"][-1] == BACKEND
