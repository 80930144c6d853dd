"""Translations: the catalogues match the code, templates hold no untranslated text, and Finnish really renders.

- test_catalogues_are_up_to_date runs ``scripts/update_translations --check`` (makemessages into a temporary
  mirror of the project; the real locale/ is never touched): no msgid missing from locale/fi or locale/en,
  no untranslated or fuzzy Finnish entry, msgfmt --check passes.
- test_templates_have_no_untranslated_text lexes every template with Django's own Lexer: visible text and the
  aria-label / title / alt / placeholder attributes must come from {% translate %}, {% blocktranslate %} or a
  variable, never be literal words.
- test_compiled_catalogue_translates compiles the .po files into a temporary directory and checks a few
  known strings in Finnish and English; test_installed_catalogues_are_compiled (re)compiles locale/*/*.mo in
  place when missing or older than the .po, so the rest of the suite sees Finnish.

The gettext tests need GNU gettext (apt-get install gettext; scripts/bootstrap installs it). Without it they
skip, except in CI (CI=true or IDK_REQUIRE_SERVICES=1), where they fail.
"""

from __future__ import annotations

import html.parser
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.test import override_settings
from django.utils import translation

from .conftest import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGS = ("fi", "en")

# Finnish translations the rest of the suite (and the users) rely on.
KNOWN_FINNISH = {
    "No owner": "Ei omistajaa",
    "On track": "Aikataulussa",
    "At risk": "Riskissä",
    "Off track": "Ei etene",
    "Today": "Tänään",
    "Stale": "Vanhentunut",
    "Continuity risk": "Jatkuvuusriski",
    "Portfolio": "Salkku",
    "Pilot": "Pilotti",
    "Consolidating": "Vakiinnutetaan",
}


def require_gettext(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        skip_or_fail(f"GNU gettext not installed ({', '.join(missing)} missing): apt-get install gettext")


# =============================================================================================
# (a) The catalogues are up to date
# =============================================================================================


def test_catalogues_are_up_to_date():
    require_gettext("xgettext", "msgmerge", "msgfmt")
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "update_translations"), "--check"],
        cwd=ROOT,
        env={**os.environ, "PYTHON": sys.executable, "DJANGO_SETTINGS_MODULE": "idkportal.test_settings"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, (
        "The translation catalogues are out of date. Run scripts/update_translations and translate the new "
        f"entries in locale/fi/LC_MESSAGES/django.po.\n{result.stdout}\n{result.stderr}"
    )


# =============================================================================================
# (b) No literal text in templates
# =============================================================================================

# The project's templates and the apps' own; bench/ is a benchmark harness, not UI (makemessages skips it too).
NOT_UI = {".venv", "var", "staticfiles", "bench", "node_modules"}
TEMPLATE_DIRS = [ROOT / "templates", *sorted(d for d in ROOT.glob("*/templates") if d.parent.name not in NOT_UI)]
# Attributes whose values people read or hear: they must be translated like visible text.
TEXT_ATTRIBUTES = {"aria-label", "aria-description", "aria-roledescription", "title", "alt", "placeholder"}
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}  # their value attribute is the visible label
# Stands in for every template tag, variable and comment, so that the HTML around them can be parsed whole.
MARK = "\ue000"
# Block tags whose contents are not visible text that we check: translated already, or not shown.
SKIPPED_BLOCKS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
    "verbatim": "endverbatim",
}


def is_ignorable(char: str) -> bool:
    """Whitespace, digits, punctuation and symbols (•, –, ›, →, ●, ▲, ⚠, #, …) need no translation."""
    return char == MARK or unicodedata.category(char)[0] in "ZPSNC"


def leftover(text: str) -> str:
    return "".join(c for c in text if not is_ignorable(c))


def without_template_code(source: str) -> str:
    """The template with every tag/variable/comment (and skipped block) replaced by MARK, newlines kept."""
    parts, closing = [], None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split(" ", 1)[0] if token.contents else ""
            if closing is None and name in SKIPPED_BLOCKS:
                closing = SKIPPED_BLOCKS[name]
            elif name == closing:
                closing = None
        if token.token_type == TokenType.TEXT and closing is None:
            parts.append(token.contents)
        else:
            parts.append(MARK + "\n" * token.contents.count("\n"))
    return "".join(parts)


class VisibleText(html.parser.HTMLParser):
    """Collects (line, text) for text content and readable attribute values outside <script>/<style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        self.check_attributes(tag, attrs)
        if tag in ("script", "style"):
            self.hidden_depth += 1

    def handle_startendtag(self, tag, attrs):
        self.check_attributes(tag, attrs)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.hidden_depth:
            self.hidden_depth -= 1

    def check_attributes(self, tag, attrs):
        line = self.getpos()[0]
        values = dict(attrs)
        for name, value in attrs:
            readable = name in TEXT_ATTRIBUTES or (
                tag == "input" and name == "value" and (values.get("type") or "").lower() in BUTTON_INPUT_TYPES
            )
            if readable and value and leftover(value):
                self.found.append((line, f'{name}="{value}"'))

    def handle_data(self, data):
        if self.hidden_depth:
            return
        line = self.getpos()[0]
        for offset, text in enumerate(data.split("\n")):
            if leftover(text):
                self.found.append((line + offset, text.strip()))


def untranslated_text(path: Path, root: Path = ROOT) -> list[str]:
    source = path.read_text(encoding="utf-8")
    stripped = without_template_code(source)
    if path.suffix == ".html":
        parser = VisibleText()
        parser.feed(stripped)
        parser.close()
        found = parser.found
    else:  # plain-text templates (e-mail bodies and subjects): every line is visible
        found = [(n, line.strip()) for n, line in enumerate(stripped.split("\n"), start=1) if leftover(line)]
    return [f"{path.relative_to(root)}:{line}: {text.replace(MARK, '{…}')}" for line, text in found]


def template_files() -> list[Path]:
    return sorted(
        path
        for directory in TEMPLATE_DIRS
        for path in directory.rglob("*")
        if path.suffix in (".html", ".txt") and path.is_file()
    )


def test_template_literal_checker_catches_text_and_attributes(tmp_path):
    """GIVEN a template with literal words in text and in an aria-label WHEN checked THEN both are reported."""
    template = tmp_path / "t.html"
    template.write_text(
        "{% load i18n %}<nav aria-label=\"{% translate 'Main' %}\"><a href=\"/\">{% translate 'Home' %}</a> ›\n"
        '<button aria-label="Close">×</button> Owner: {{ name }}</nav>\n'
        "{% blocktranslate %}Fine {{ x }}{% endblocktranslate %}{# A comment #}<script>let a = 'b';</script>\n"
        "<p title=\"{{ t }}\">{% translate 'x' %} — 3 (2) &nbsp; &rarr;</p><!-- an HTML comment -->\n",
        encoding="utf-8",
    )
    assert untranslated_text(template, root=tmp_path) == ['t.html:2: aria-label="Close"', "t.html:2: Owner: {…}"]


def test_templates_have_no_untranslated_text():
    files = template_files()
    assert files, "no templates found"
    problems = [problem for path in files for problem in untranslated_text(path)]
    assert not problems, (
        "Literal text in templates: wrap it in {% translate %} / {% blocktranslate %} "
        "(attributes too: aria-label, title, alt, placeholder):\n  " + "\n  ".join(problems)
    )


# =============================================================================================
# (c) Compiled catalogues give Finnish (and English) text
# =============================================================================================


def compile_po(po: Path, mo: Path) -> None:
    """msgfmt --check po -> mo, replacing mo atomically so that a concurrent reader never sees half a file."""
    partial = mo.with_name(f".{mo.name}.{os.getpid()}.tmp")
    result = subprocess.run(["msgfmt", "--check", "-o", str(partial), str(po)], capture_output=True, text=True)
    if result.returncode:
        partial.unlink(missing_ok=True)
        pytest.fail(f"msgfmt --check failed for {po}:\n{result.stderr}")
    os.replace(partial, mo)


def assert_known_strings() -> None:
    with translation.override("fi"):
        for english, finnish in KNOWN_FINNISH.items():
            assert translation.gettext(english) == finnish
        assert translation.ngettext("%(days)d day ago", "%(days)d days ago", 1) % {"days": 1} == "1 päivä sitten"
        assert translation.ngettext("%(days)d day ago", "%(days)d days ago", 3) % {"days": 3} == "3 päivää sitten"
    with translation.override("en"):
        for english in KNOWN_FINNISH:
            assert translation.gettext(english) == english
        assert translation.ngettext("%(days)d day ago", "%(days)d days ago", 3) % {"days": 3} == "3 days ago"


def test_compiled_catalogue_translates(tmp_path):
    require_gettext("msgfmt")
    for lang in LANGS:
        po = LOCALE / lang / "LC_MESSAGES" / "django.po"
        assert po.exists(), f"{po.relative_to(ROOT)} is missing: run scripts/update_translations"
        target = tmp_path / "locale" / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        compile_po(po, target / "django.mo")
    # Changing LOCALE_PATHS resets Django's translation caches (django.test.signals), before and after.
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        assert_known_strings()


def test_installed_catalogues_are_compiled():
    """locale/*/LC_MESSAGES/django.mo exist and are current: compiled here when missing or stale."""
    stale = []
    for lang in LANGS:
        po = LOCALE / lang / "LC_MESSAGES" / "django.po"
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            stale.append((po, mo))
    if stale:
        require_gettext("msgfmt")
        for po, mo in stale:
            compile_po(po, mo)
    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)):
        assert_known_strings()
