"""The README stays true: it opens with the two commands, and documents every environment variable."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_opens_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]
    assert text.index("make run") < text.index("## ")


def test_every_environment_variable_in_settings_is_documented():
    settings_source = (ROOT / "idkportal" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'env\.\w+\(\s*"([A-Z0-9_]+)"', settings_source))
    names |= set(re.findall(r'Env\(\)\.\w+\(\s*"([A-Z0-9_]+)"', settings_source))
    assert len(names) > 40  # the settings really are read from the environment
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    undocumented = sorted(name for name in names if f"`{name}`" not in readme and f"{name}`" not in readme)
    assert not undocumented, f"README.md does not document: {undocumented}"
