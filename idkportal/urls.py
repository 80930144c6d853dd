"""Top-level URLs. Every page requires login (LoginRequiredMiddleware) unless marked login_not_required."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import oidc

urlpatterns = [
    # oidc_enabled is a callable, so the template checks OIDC_ENABLED on every render.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(extra_context={"oidc_enabled": oidc.oidc_enabled}),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    # Single sign-on (Entra ID); the views answer 404 unless OIDC_ENABLED.
    path("oidc/", include(oidc.urlpatterns)),
    path("admin/", admin.site.urls),
    path("consolidation/", include("consolidation.urls")),
    path("mva/", include("mva.urls")),
    path("reminders/", include("reminders.urls")),
    path("reports/", include("reports.urls")),
    path("", include("experiments.urls")),
]

handler400 = "accounts.views.bad_request"
handler403 = "accounts.views.permission_denied"
handler404 = "accounts.views.page_not_found"
handler500 = "accounts.views.server_error"
