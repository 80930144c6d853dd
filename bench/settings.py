"""Settings for the in-process benchmark: the project's settings with the benchmark URLconf (admin baseline and
floor) and the floor's template directory. Everything else (database, DEBUG, …) comes from the environment."""

from pathlib import Path

from idkportal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]  # noqa: F405
