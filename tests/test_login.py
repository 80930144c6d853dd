"""Log-in and sessions: lock-out after repeated failures, password rules, session lifetime, password change."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from accounts.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "salasana-testi-123"  # tests.factories.UserFactory
LOGIN_URL = "/accounts/login/"


def test_login_with_right_password_works(client):
    UserFactory(username="olli")
    response = client.post(LOGIN_URL, {"username": "olli", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(User.objects.get(username="olli").pk)


def test_wrong_password_shows_the_form_again(client):
    UserFactory(username="olli")
    response = client.post(LOGIN_URL, {"username": "olli", "password": "väärin"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'role="alert"' in response.content.decode()


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5, LANGUAGE_CODE="en")
def test_sixth_attempt_is_locked_out_even_with_the_right_password():
    UserFactory(username="olli")
    client = Client(headers={"Accept-Language": "en"})
    for attempt in range(5):
        response = client.post(LOGIN_URL, {"username": "olli", "password": f"wrong-{attempt}"})
        # The first four failures show the form; the fifth reaches the limit and already locks.
        assert response.status_code in (200, 429), attempt
    response = client.post(LOGIN_URL, {"username": "olli", "password": PASSWORD})
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many failed log-in attempts" in body
    assert "logging in is blocked for a while" in body
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_four_failures_do_not_lock_and_success_resets_the_count():
    UserFactory(username="olli")
    client = Client()
    for attempt in range(4):
        assert client.post(LOGIN_URL, {"username": "olli", "password": f"wrong-{attempt}"}).status_code == 200
    response = client.post(LOGIN_URL, {"username": "olli", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="olli").pk)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_lockout_is_per_user_name():
    UserFactory(username="olli")
    UserFactory(username="tiina")
    client = Client()
    for attempt in range(5):
        client.post(LOGIN_URL, {"username": "olli", "password": f"wrong-{attempt}"})
    assert client.post(LOGIN_URL, {"username": "tiina", "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    "password, expected_code",
    [
        ("lyhyt1", "password_too_short"),
        ("password123", "password_too_common"),
        ("1234567890123", "password_entirely_numeric"),
        ("olli.omistaja", "password_too_similar"),
    ],
)
def test_password_validators_reject_weak_passwords(password, expected_code):
    user = User(username="olli.omistaja", first_name="Olli", last_name="Omistaja")
    with pytest.raises(ValidationError) as excinfo:
        validate_password(password, user=user)
    assert expected_code in [error.code for error in excinfo.value.error_list]


def test_password_validators_accept_a_good_password():
    assert validate_password("Kallaveden-lokki-2026", user=User(username="olli")) is None


def test_session_lifetime_settings():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_session_cookie_is_a_browser_session_cookie(client):
    UserFactory(username="olli")
    response = client.post(LOGIN_URL, {"username": "olli", "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""  # no Expires/Max-Age: gone when the browser closes
    assert cookie["max-age"] == ""
    assert cookie["httponly"] is True
    assert client.session.get_expiry_age() == 28800


def test_changing_the_password_logs_out_other_sessions():
    user = UserFactory(username="olli")
    laptop, phone = Client(), Client()
    laptop.force_login(user)
    phone.force_login(user)
    assert phone.get("/accounts/settings/").status_code == 200

    user.set_password("Uusi-vahva-salasana-2026")
    user.save()

    response = phone.get("/accounts/settings/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/settings/"
    assert laptop.get("/accounts/settings/").status_code == 302


def test_password_change_view_keeps_this_session_and_ends_the_others():
    user = UserFactory(username="olli", language="en")
    laptop, phone = Client(), Client()
    laptop.force_login(user)
    phone.force_login(user)

    page = laptop.get("/accounts/password/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<h1>Change password</h1>" in body
    for name in ("old_password", "new_password1", "new_password2"):
        assert f'name="{name}"' in body

    response = laptop.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Kallaveden-lokki-2026",
            "new_password2": "Kallaveden-lokki-2026",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/done/"
    done = laptop.get("/accounts/password/done/")
    assert done.status_code == 200
    assert "<h1>Password changed</h1>" in done.content.decode()

    user.refresh_from_db()
    assert user.check_password("Kallaveden-lokki-2026")
    assert laptop.get("/accounts/settings/").status_code == 200  # this session stays logged in
    assert phone.get("/accounts/settings/").status_code == 302  # the other one is logged out


def test_password_change_rejects_a_weak_new_password():
    user = UserFactory(username="olli", language="en")
    client = Client()
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123"},
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_needs_login(client):
    response = client.get("/accounts/password/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/password/"
