"""The workbook's own texts in every language: sheet names, statuses, the fixed columns'
headers and meanings, and the second sheet's headers. Data only: no Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass

from maturity.questionnaire import LANGUAGES, Text

LANGUAGE_NAMES: Text = {"nl": "Nederlands", "en": "English", "fr": "Français"}
STATUS_NAMES: dict[str, Text] = {
    "in_progress": {"nl": "In uitvoering", "en": "In progress", "fr": "En cours"},
    "submitted": {"nl": "Ingediend", "en": "Submitted", "fr": "Envoyée"},
}
ROLE_NAMES: dict[str, Text] = {  # the ids of store_clients' roles, as the app names them
    "owner": {"nl": "Zaakvoerder", "en": "Owner", "fr": "Gérant"},
    "office_manager": {
        "nl": "Office manager",
        "en": "Office manager",
        "fr": "Responsable administratif",
    },
    "it_contact": {"nl": "IT-aanspreekpunt", "en": "IT contact", "fr": "Référent informatique"},
    "employee": {"nl": "Medewerker", "en": "Employee", "fr": "Collaborateur"},
    "other": {"nl": "Iemand anders", "en": "Other", "fr": "Autre"},
}
SHEET_NAMES: dict[str, tuple[str, str]] = {
    "nl": ("Scans", "Uitleg"),
    "en": ("Assessments", "Explanation"),
    "fr": ("Évaluations", "Explications"),
}


@dataclass(frozen=True)
class ColumnText:
    """A fixed column's header and what it holds, in every language."""

    header: Text
    meaning: Text
    width: float


# The fixed columns, in their order on the sheet (the dimensions' come after "level_name").
FIXED_COLUMNS: dict[str, ColumnText] = {
    "assessment_id": ColumnText(
        {"nl": "Scan-id", "en": "Assessment id", "fr": "Identifiant"},
        {
            "nl": "Vaste code van de scan, zoals in de CSV-export en in het webadres van de scan",
            "en": "The assessment's permanent code, as in the CSV export and its web address",
            "fr": "Code permanent de l'évaluation, comme dans l'export CSV et son adresse web",
        },
        34,
    ),
    "company": ColumnText(
        {"nl": "Bedrijf", "en": "Company", "fr": "Entreprise"},
        {
            "nl": "De naam die bij de start werd ingevuld",
            "en": "The name given at the start",
            "fr": "Le nom donné au début",
        },
        30,
    ),
    "language": ColumnText(
        {"nl": "Taal", "en": "Language", "fr": "Langue"},
        {
            "nl": "De taal waarin de vragenlijst werd ingevuld",
            "en": "The language the questionnaire was answered in",
            "fr": "La langue dans laquelle le questionnaire a été rempli",
        },
        12,
    ),
    "respondent_role": ColumnText(
        {"nl": "Wie antwoordde", "en": "Respondent role", "fr": "Qui a répondu"},
        {
            "nl": "De rol van wie antwoordde, bij een uitnodiging vanaf de pagina van een klant",
            "en": "The role of who answered, for an invitation from a client's page",
            "fr": "Le rôle de qui a répondu, pour une invitation depuis la page d'un client",
        },
        18,
    ),
    "questionnaire_version": ColumnText(
        {
            "nl": "Versie vragenlijst",
            "en": "Questionnaire version",
            "fr": "Version du questionnaire",
        },
        {
            "nl": "De versie van de vragen waarop geantwoord werd",
            "en": "The version of the questions that were answered",
            "fr": "La version des questions auxquelles on a répondu",
        },
        11,
    ),
    "status": ColumnText(
        {"nl": "Status", "en": "Status", "fr": "Statut"},
        {
            "nl": "Nog bezig, of ingediend (dan zijn er scores)",
            "en": "Still in progress, or submitted (then it has scores)",
            "fr": "En cours, ou envoyée (elle a alors des scores)",
        },
        14,
    ),
    "created_at": ColumnText(
        {"nl": "Gestart op", "en": "Started", "fr": "Commencée le"},
        {
            "nl": "Datum en uur (Belgische tijd) waarop de scan begon",
            "en": "Date and time (Belgian time) the assessment was started",
            "fr": "Date et heure (heure belge) du début de l'évaluation",
        },
        17,
    ),
    "submitted_at": ColumnText(
        {"nl": "Ingediend op", "en": "Submitted", "fr": "Envoyée le"},
        {
            "nl": "Datum en uur (Belgische tijd) van indienen; leeg zolang de scan loopt",
            "en": "Date and time (Belgian time) of submission; empty while in progress",
            "fr": "Date et heure (heure belge) de l'envoi; vide tant qu'elle est en cours",
        },
        17,
    ),
    "overall_score": ColumnText(
        {"nl": "Totaalscore", "en": "Overall score", "fr": "Score global"},
        {
            "nl": "Gemiddelde van de domeinscores, 0 tot 100",
            "en": "The mean of the area scores, 0 to 100",
            "fr": "La moyenne des scores des domaines, de 0 à 100",
        },
        10,
    ),
    "level": ColumnText(
        {"nl": "Niveau", "en": "Level", "fr": "Niveau"},
        {
            "nl": "Algemeen niveau, 1 tot 5 (hoogstens één boven het zwakste domein)",
            "en": "Overall level, 1 to 5 (at most one above the weakest area)",
            "fr": "Niveau global, de 1 à 5 (au plus un au-dessus du domaine le plus faible)",
        },
        8,
    ),
    "level_name": ColumnText(
        {"nl": "Naam niveau", "en": "Level name", "fr": "Nom du niveau"},
        {
            "nl": "De naam van het algemene niveau",
            "en": "The name of the overall level",
            "fr": "Le nom du niveau global",
        },
        18,
    ),
}
RECOMMENDATION = ColumnText(
    {"nl": "Advies", "en": "Recommendation", "fr": "Recommandation"},
    {
        "nl": "Het aanbevolen model van IT-ondersteuning",
        "en": "The recommended model of IT support",
        "fr": "Le modèle de support informatique recommandé",
    },
    24,
)
SCORE_SUFFIX: Text = {"nl": ": score", "en": ": score", "fr": " : score"}
LEVEL_SUFFIX: Text = {"nl": ": niveau", "en": ": level", "fr": " : niveau"}
SCORE_MEANING: Text = {
    "nl": "Score van dit domein, 0 tot 100",
    "en": "This area's score, 0 to 100",
    "fr": "Le score de ce domaine, de 0 à 100",
}
LEVEL_MEANING: Text = {
    "nl": "Niveau van dit domein, 1 tot 5 (namen: zie kolom Niveau)",
    "en": "This area's level, 1 to 5 (names: see column Level)",
    "fr": "Le niveau de ce domaine, de 1 à 5 (noms : voir la colonne Niveau)",
}
QUESTION_MEANING: Text = {
    "nl": "Gekozen antwoord op een vraag uit “{step}”, gewicht {weight}",
    "en": "The answer chosen to a question of “{step}”, weight {weight}",
    "fr": "La réponse choisie à une question de « {step} », poids {weight}",
}
CONTEXT_MEANING: Text = {
    "nl": "Gekozen antwoord op een contextvraag uit “{step}” (telt niet mee in de score)",
    "en": "The answer chosen to a context question of “{step}” (not scored)",
    "fr": "La réponse choisie à une question de contexte de « {step} » (sans score)",
}
LEGEND_HEADERS: dict[str, Text] = {
    "letter": {"nl": "Kolom", "en": "Column", "fr": "Colonne"},
    "header": {"nl": "Titel", "en": "Header", "fr": "Titre"},
    "column_id": {"nl": "Kolom-id", "en": "Column id", "fr": "Id de colonne"},
    "option_id": {"nl": "Waarde-id", "en": "Value id", "fr": "Id de valeur"},
    **{lang: dict.fromkeys(LANGUAGES, LANGUAGE_NAMES[lang]) for lang in LANGUAGES},
    "points": {"nl": "Punten", "en": "Points", "fr": "Points"},
    "meaning": {"nl": "Betekenis", "en": "Meaning", "fr": "Signification"},
}
LEGEND_WIDTHS = (8, 30, 26, 22, 40, 40, 40, 8, 60)
