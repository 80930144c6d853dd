"""Serve a logged-in user in the language saved in their profile.

Runs after AuthenticationMiddleware and LocaleMiddleware: anonymous visitors keep the language
LocaleMiddleware chose (cookie, then browser), logged-in users get their saved one.
"""

from django.utils import translation


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
