"""Seed the programme indicators from the external evaluation (TK-Eval, 22.12.2022): the IDK-Dashboard
at 31.12.2022. The report gives no figure for training days (only "well under half of the target") and
no target figure either, so both are left empty for the coordinators to fill in."""

from django.db import migrations

INDICATORS = [
    {
        "key": "participants",
        "order": 10,
        "name_fi": "Osallistujat",
        "name_en": "Participants",
        "unit_fi": "henkilöä",
        "unit_en": "people",
        "targeted": True,
        "target": 350,
        "actual": 721,
        "note_fi": "",
        "note_en": "",
    },
    {
        "key": "experiments",
        "order": 20,
        "name_fi": "Palvelutuotantokokeilut",
        "name_en": "Service-production experiments",
        "unit_fi": "kokeilua",
        "unit_en": "experiments",
        "targeted": True,
        "target": 5,
        "actual": 14,
        "note_fi": "",
        "note_en": "",
    },
    {
        "key": "training_days",
        "order": 30,
        "name_fi": "Koulutuspäivät",
        "name_en": "Training days",
        "unit_fi": "päivää",
        "unit_en": "days",
        "targeted": True,
        "target": None,
        "actual": None,
        "note_fi": "Arviointiraportin mukaan reilusti alle puolet tavoitteesta; yli kolme neljäsosaa "
        "järjestettiin etänä. Tarkkaa lukua ei ole raportoitu.",
        "note_en": "Well under half of the target according to the evaluation report; over three quarters "
        "were held remotely. No exact figure was reported.",
    },
    {
        "key": "organisations",
        "order": 40,
        "name_fi": "Mukana olleet yritykset ja muut organisaatiot",
        "name_en": "Companies and other organisations involved",
        "unit_fi": "organisaatiota",
        "unit_en": "organisations",
        "targeted": False,
        "target": None,
        "actual": 66,
        "note_fi": "Osallistumista ei ollut suunniteltu.",
        "note_en": "Their involvement was not planned.",
    },
]


def seed(apps, schema_editor):
    ProgrammeIndicator = apps.get_model("reports", "ProgrammeIndicator")
    for values in INDICATORS:
        values = dict(values)
        key = values.pop("key")
        # The untranslated columns hold the default language (Finnish), as modeltranslation expects.
        values.update(name=values["name_fi"], unit=values["unit_fi"], note=values["note_fi"])
        ProgrammeIndicator.objects.update_or_create(key=key, defaults=values)


def unseed(apps, schema_editor):
    ProgrammeIndicator = apps.get_model("reports", "ProgrammeIndicator")
    ProgrammeIndicator.objects.filter(key__in=[values["key"] for values in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
