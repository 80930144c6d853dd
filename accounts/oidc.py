"""Optional single sign-on with Microsoft Entra ID over OpenID Connect (mozilla-django-oidc).

Switched on by OIDC_ENABLED (see idkportal/settings.py and docs/SECURITY_NOTES.md). The URLs below are
always routed, but every view answers 404 while single sign-on is off, and settings are read per request,
so tests can switch it on with override_settings.

Users are matched by e-mail address (case-insensitive). A person signing in for the first time gets a new
account with no groups, i.e. the plain viewer role; a coordinator grants roles in the admin. Accounts created
here have an unusable password: they can only sign in through Entra ID.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)


def oidc_enabled() -> bool:
    """True when single sign-on is switched on (read at call time; templates may call it)."""
    return bool(getattr(settings, "OIDC_ENABLED", False))


def _claim_email(claims: dict) -> str:
    """The e-mail address in the claims: `email`, else an e-mail-shaped `preferred_username` (Entra UPN)."""
    email = (claims.get("email") or "").strip()
    if not email:
        candidate = (claims.get("preferred_username") or claims.get("upn") or "").strip()
        if "@" in candidate:
            email = candidate
    return email


class EntraIDBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, matching staff by e-mail and creating missing users as viewers."""

    def authenticate(self, request, **kwargs):
        if not oidc_enabled():
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims) -> bool:
        return bool(_claim_email(claims))

    def filter_users_by_claims(self, claims):
        email = _claim_email(claims)
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email)

    def _free_username(self, claims) -> str:
        base = ((claims.get("preferred_username") or "").strip() or _claim_email(claims)).lower()
        field = self.UserModel._meta.get_field(self.UserModel.USERNAME_FIELD)
        base = base[: field.max_length]
        username, n = base, 1
        while self.UserModel.objects.filter(**{f"{self.UserModel.USERNAME_FIELD}__iexact": username}).exists():
            n += 1
            suffix = f"-{n}"
            username = base[: field.max_length - len(suffix)] + suffix
        return username

    def create_user(self, claims):
        user = self.UserModel(
            username=self._free_username(claims),
            email=_claim_email(claims).lower(),
            first_name=(claims.get("given_name") or "")[:150],
            last_name=(claims.get("family_name") or "")[:150],
        )
        user.set_unusable_password()
        user.save()
        logger.info("Single sign-on created user %s (no roles)", user.username)
        return user

    def update_user(self, user, claims):
        """Keep names in step with the directory; never touches roles, e-mail or the password."""
        changed = []
        for field, claim in (("first_name", "given_name"), ("last_name", "family_name")):
            value = (claims.get(claim) or "")[:150]
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed.append(field)
        if changed:
            user.save(update_fields=changed)
        return user


class _OnlyWhenEnabled:
    def dispatch(self, request, *args, **kwargs):
        if not oidc_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class AuthenticateView(_OnlyWhenEnabled, OIDCAuthenticationRequestView):
    """Redirects to Entra ID's authorization endpoint (with state, nonce and PKCE)."""


@method_decorator(login_not_required, name="dispatch")
class CallbackView(_OnlyWhenEnabled, OIDCAuthenticationCallbackView):
    """Entra ID redirects back here with a code; a failure returns to the log-in page with a message."""

    @property
    def failure_url(self):
        return resolve_url(getattr(settings, "LOGIN_REDIRECT_URL_FAILURE", None) or settings.LOGIN_URL)

    def login_failure(self):
        messages.error(self.request, _("Signing in with Microsoft failed. Try again or use your password."))
        return HttpResponseRedirect(self.failure_url)


# Included under "oidc/" by idkportal.urls. The names are the ones mozilla-django-oidc reverses.
urlpatterns = [
    path("authenticate/", AuthenticateView.as_view(), name="oidc_authentication_init"),
    path("callback/", CallbackView.as_view(), name="oidc_authentication_callback"),
]
