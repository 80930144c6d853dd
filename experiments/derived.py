"""Values derived from several apps' data and stored on Experiment for speed (e.g. readiness).

Other apps register a refresher; every service that changes an input calls `refresh_derived`,
so there is one update path and the portfolio never computes them per row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Experiment

_refreshers: list[Callable[[Experiment], None]] = []


def register_refresher(refresher: Callable[[Experiment], None]) -> None:
    if refresher not in _refreshers:
        _refreshers.append(refresher)


def refresh_derived(experiment: Experiment) -> None:
    for refresher in _refreshers:
        refresher(experiment)
