"""Named personas for readable tests: an owner, another owner, a coordinator, a steering-group member,
and a viewer with no relation to anything (style.md habit 12)."""

from __future__ import annotations

import pytest

from .factories import ExperimentFactory, UserFactory, coordinator, steering_member


@pytest.fixture
def owner(db):
    return UserFactory(username="olli.omistaja", first_name="Olli", last_name="Omistaja", title="asiakkuusjohtaja")


@pytest.fixture
def other_owner(db):
    return UserFactory(username="tiina.toinen", first_name="Tiina", last_name="Toinen")


@pytest.fixture
def coordinator_user(db):
    return coordinator(username="kaisa.koordinaattori", first_name="Kaisa", last_name="Koordinaattori")


@pytest.fixture
def steering_user(db):
    return steering_member(username="jussi.johtoryhma", first_name="Jussi", last_name="Johtoryhmä")


@pytest.fixture
def viewer(db):
    return UserFactory(username="ville.katselija", first_name="Ville", last_name="Katselija")


@pytest.fixture
def experiment(owner):
    return ExperimentFactory(owner=owner, slug="palautepalvelu", name_fi="Palautepalvelu", name_en="Feedback service")


@pytest.fixture
def client_for(client):
    """Log a persona in: `client_for(owner).get(...)`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the portfolio summary is cached per data stamp)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
