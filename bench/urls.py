"""The benchmark's URLconf: the project's URLs plus the admin baseline (/bench-admin/) and the floor
(/bench-floor/). Used through bench.settings (ROOT_URLCONF = "bench.urls"); never by the app itself."""

from django.urls import path

from idkportal import urls as project_urls

from .admin_site import bench_site
from .views import floor

urlpatterns = [
    path("bench-admin/", bench_site.urls),
    path("bench-floor/", floor, name="bench_floor"),
    *project_urls.urlpatterns,
]

handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
