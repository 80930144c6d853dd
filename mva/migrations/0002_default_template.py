"""Seed version 1 of the MVA template: the default impact areas (reference/mva.md).

The list is frozen here on purpose: later edits are new template versions made by coordinators
in the app, never changes to this migration.
"""

import datetime

from django.db import migrations

# key, name_fi, name_en, questions_fi, questions_en
DEFAULT_AREAS = [
    (
        "model",
        "tiedonhallintamallin muutostarpeet",
        "changes needed to the information management model",
        "Mitä tiedonhallintamallin osia muutos koskee (prosessit, tietovarannot, tietoaineistot, järjestelmät, "
        "rajapinnat)? Kuka päivittää mallin ja milloin?",
        "Which parts of the information management model does the change touch (processes, data stores, datasets, "
        "systems, interfaces)? Who updates the model, and when?",
    ),
    (
        "processes",
        "toimintaprosessit",
        "service and administrative processes",
        "Mitkä palvelu- ja hallintoprosessit muuttuvat? Muuttuvatko tehtävät, roolit tai asiakkaan asiointi?",
        "Which service and administrative processes change? Do tasks, roles or the customer's way of dealing "
        "with the city change?",
    ),
    (
        "systems",
        "tietojärjestelmät ja rajapinnat",
        "information systems and interfaces",
        "Mitä tietojärjestelmiä otetaan käyttöön, muutetaan tai poistetaan? Mitä rajapintoja tarvitaan?",
        "Which information systems are introduced, changed or retired? Which interfaces are needed?",
    ),
    (
        "data_stores",
        "tietovarannot ja tietoaineistot",
        "data stores and datasets",
        "Syntyykö uusia tietovarantoja tai tietoaineistoja? Muuttuuko olemassa olevien sisältö tai käyttö?",
        "Are new data stores or datasets created? Does the content or use of existing ones change?",
    ),
    (
        "interoperability",
        "yhteentoimivuus",
        "interoperability of systems and data stores",
        "Miten tiedot liikkuvat järjestelmien ja tietovarantojen välillä? Käytetäänkö yhteisiä määrittelyjä "
        "ja koodistoja?",
        "How does data move between systems and data stores? Are shared definitions and code lists used?",
    ),
    (
        "disclosure",
        "tietojen luovuttaminen (sähköiset luovutukset)",
        "disclosure and electronic transfer of data",
        "Luovutetaanko tietoja muille viranomaisille tai toimijoille? Millä perusteella ja millä tekniikalla?",
        "Is data disclosed to other authorities or parties? On what legal basis, and by what technical means?",
    ),
    (
        "security",
        "tietoturvallisuus",
        "information security",
        "Miten tietojen luottamuksellisuus, eheys ja saatavuus turvataan? Muuttuvatko käyttöoikeudet tai lokitus?",
        "How are the confidentiality, integrity and availability of data secured? Do access rights or logging "
        "change?",
    ),
    (
        "data_protection",
        "tietosuoja (henkilötiedot, tarvittaessa DPIA)",
        "data protection (personal data; DPIA where needed)",
        "Käsitelläänkö henkilötietoja? Mikä on käsittelyperuste? Tarvitaanko vaikutustenarviointi (DPIA)?",
        "Is personal data processed? On what legal basis? Is a data protection impact assessment (DPIA) needed?",
    ),
    (
        "publicity",
        "julkisuus ja salassapito",
        "publicity of documents and confidentiality",
        "Syntyykö viranomaisen asiakirjoja? Mitkä tiedot ovat julkisia ja mitkä salassa pidettäviä?",
        "Are official documents created? Which information is public and which is confidential?",
    ),
    (
        "case_management",
        "asianhallinta",
        "case and records management",
        "Miten asiat ja asiakirjat kirjataan asianhallintaan? Muuttuuko tehtäväluokitus?",
        "How are cases and documents registered in case management? Does the classification scheme change?",
    ),
    (
        "archiving",
        "arkistointi, säilytys ja hävittäminen",
        "archiving, retention and destruction",
        "Mitkä ovat tietojen säilytysajat? Mitä arkistoidaan pysyvästi ja miten tiedot hävitetään?",
        "What are the retention periods? What is archived permanently, and how is data destroyed?",
    ),
    (
        "responsibilities",
        "vastuut ja omistajuus",
        "responsibilities and ownership",
        "Kuka omistaa muuttuvat prosessit, järjestelmät ja tietovarannot? Kuka vastaa muutoksen jälkeen?",
        "Who owns the changed processes, systems and data stores? Who is responsible after the change?",
    ),
]


def seed(apps, schema_editor):
    TemplateVersion = apps.get_model("mva", "TemplateVersion")
    TemplateArea = apps.get_model("mva", "TemplateArea")
    if TemplateVersion.objects.exists():
        return
    version = TemplateVersion.objects.create(
        number=1,
        published_on=datetime.date(2022, 12, 14),
        notes="Oletuspohja: tiedonhallintalain (906/2019) 8 §:n mukaiset vaikutusalueet.",
    )
    for order, (key, name_fi, name_en, questions_fi, questions_en) in enumerate(DEFAULT_AREAS, start=1):
        TemplateArea.objects.create(
            version=version,
            key=key,
            order=order,
            name=name_fi,
            name_fi=name_fi,
            name_en=name_en,
            questions=questions_fi,
            questions_fi=questions_fi,
            questions_en=questions_en,
        )


def unseed(apps, schema_editor):
    TemplateVersion = apps.get_model("mva", "TemplateVersion")
    TemplateVersion.objects.filter(number=1, assessments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("mva", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
