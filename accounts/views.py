"""Personal settings, language switching, the accessibility statement and the error pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .forms import UserSettingsForm


def user_settings(request: HttpRequest) -> HttpResponse:
    form = UserSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language)
        messages.success(request, _("Your settings were saved."))
        response = redirect("accounts:settings")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response
    return render(request, "accounts/settings.html", {"form": form})


@login_not_required
@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, and for a logged-in user the choice is saved in their profile."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(request.user._meta.get_field("language").choices):
        request.user.language = language
        request.user.save(update_fields=["language"])
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        request.POST = request.POST.copy()
        request.POST["next"] = "/"
    return set_language(request)


@login_not_required
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/accessibility.html", {"feedback_email": settings.ACCESSIBILITY_FEEDBACK_EMAIL})


def _error(request, template: str, status: int) -> HttpResponse:
    return render(request, template, status=status)


@login_not_required
def bad_request(request, exception=None):
    return _error(request, "errors/400.html", 400)


@login_not_required
def permission_denied(request, exception=None):
    return _error(request, "errors/403.html", 403)


@login_not_required
def page_not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


@login_not_required
def server_error(request):
    # No request context: the database or session may be what failed.
    return HttpResponse(loader.get_template("errors/500.html").render({}), status=500)
