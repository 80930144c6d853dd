"""factory_boy factories for the domain. Experiments start with no history; use services to add some."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import COORDINATORS, STEERING_GROUP
from experiments.lifecycle import Phase
from experiments.models import Experiment, OrgUnit, Partner, Team, Technology


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Etunimi{n}")
    last_name = factory.Sequence(lambda n: f"Sukunimi{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@kuopio.invalid")
    language = "fi"
    password = factory.django.Password("salasana-testi-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for name in extracted or ():
            group, _ = Group.objects.get_or_create(name=name)
            self.groups.add(group)


def coordinator(**kwargs) -> User:
    return UserFactory(roles=[COORDINATORS], **kwargs)


def steering_member(**kwargs) -> User:
    return UserFactory(roles=[STEERING_GROUP], **kwargs)


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name_fi = factory.Sequence(lambda n: f"Palvelualue {n}")
    name_en = factory.Sequence(lambda n: f"Service area {n}")
    kind = OrgUnit.Kind.SERVICE_AREA


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name_fi = factory.Sequence(lambda n: f"Tiimi {n}")
    name_en = factory.Sequence(lambda n: f"Team {n}")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Kumppani {n} Oy")


class TechnologyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Technology

    name = factory.Sequence(lambda n: f"Alusta {n}")


class ExperimentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Experiment
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: n + 1)
    name_fi = factory.Sequence(lambda n: f"Kokeilu {n}")
    name_en = factory.Sequence(lambda n: f"Experiment {n}")
    summary_fi = "Tiivistelmä."
    summary_en = "Summary."
    slug = factory.Sequence(lambda n: f"kokeilu-{n}")
    team = factory.SubFactory(TeamFactory)
    phase = Phase.PILOT
    owner = factory.SubFactory(UserFactory)
    start_date = datetime.date(2021, 1, 1)
    status_cadence_days = 30


def plan_for(experiment, **overrides):
    """A continuation plan with everything readiness asks for, unless overridden."""
    from consolidation.models import ContinuationPlan

    values = {
        "target_state": "Vakiintuu osaksi palvelualueen perustyötä.",
        "person_years_needed": 1,
        "person_years_secured": 1,
        "euros_needed": 20000,
        "euros_secured": 20000,
        "commitment_by": "Palvelualuejohtaja",
        "commitment_on": datetime.date(2022, 6, 1),
    }
    values.update(overrides)
    return ContinuationPlan.objects.create(experiment=experiment, **values)
