"""Closed lists families pick from: civility, family situation, INSEE PCS 2020, school levels.

Values are stored as they are (plain French, marked with ``N_`` for translation): show them with
``gettext(value)``; PCS labels are read translated through ``PCS_LABELS``.
"""
from __future__ import annotations

from school.i18n import N_, Labels

CIVILITIES: tuple[str, ...] = (N_("Monsieur"), N_("Madame"))

FAMILY_SITUATIONS: tuple[str, ...] = (
    N_("Célibataire"), N_("Marié(e)"), N_("Pacsé(e)"), N_("Vie maritale"), N_("Divorcé(e)"), N_("Séparé(e)"),
    N_("Veuf(ve)"),
)

# INSEE PCS 2020, level 2: the 29 "catégories socioprofessionnelles" (two-digit codes, short labels).
# Retired and other inactive people are not categories of PCS 2020 (they are classed by their last
# job); the two last entries keep the traditional groups 7 and 8 so every family finds an answer.
PCS_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("10", N_("Agriculteurs exploitants")),
    ("21", N_("Artisans")),
    ("22", N_("Commerçants et assimilés")),
    ("23", N_("Chefs d'entreprise de 10 salariés ou plus")),
    ("31", N_("Professions libérales")),
    ("33", N_("Cadres de la fonction publique")),
    ("34", N_("Professeurs et professions scientifiques")),
    ("35", N_("Professions de l'information, des arts et des spectacles")),
    ("37", N_("Cadres administratifs et commerciaux d'entreprise")),
    ("38", N_("Ingénieurs et cadres techniques d'entreprise")),
    ("42", N_("Professeurs des écoles, instituteurs et professions assimilées")),
    ("43", N_("Professions intermédiaires de la santé et du travail social")),
    ("44", N_("Clergé, religieux")),
    ("45", N_("Professions intermédiaires administratives de la fonction publique")),
    ("46", N_("Professions intermédiaires administratives et commerciales des entreprises")),
    ("47", N_("Techniciens")),
    ("48", N_("Contremaîtres, agents de maîtrise")),
    ("52", N_("Employés administratifs de la fonction publique, agents de service et auxiliaires de santé")),
    ("53", N_("Policiers, militaires et agents de surveillance")),
    ("54", N_("Employés administratifs d'entreprise")),
    ("55", N_("Employés de commerce")),
    ("56", N_("Personnels des services directs aux particuliers")),
    ("62", N_("Ouvriers qualifiés de type industriel")),
    ("63", N_("Ouvriers qualifiés de type artisanal")),
    ("64", N_("Chauffeurs")),
    ("65", N_("Ouvriers qualifiés de la manutention, du magasinage et du transport")),
    ("67", N_("Ouvriers non qualifiés de type industriel")),
    ("68", N_("Ouvriers non qualifiés de type artisanal")),
    ("69", N_("Ouvriers agricoles")),
    ("7", N_("Retraités")),
    ("8", N_("Autres personnes sans activité professionnelle")),
)
PCS_LABELS: Labels[str] = Labels(dict(PCS_CATEGORIES))

SCHOOL_LEVELS: tuple[str, ...] = (
    N_("Non scolarisé"), N_("Maternelle"), N_("CP"), N_("CE1"), N_("CE2"), N_("CM1"), N_("CM2"), N_("6e"), N_("5e"),
    N_("4e"), N_("3e"),
    N_("Seconde"), N_("Première"), N_("Terminale"), N_("CAP / BEP"), N_("Études supérieures"), N_("Adulte"),
)


def options(values: tuple[str, ...]) -> list[tuple[str, str]]:
    """Return (stored value, translated label) pairs for a closed list, e.g. for a drop-down."""
    from flask_babel import gettext

    return [(value, gettext(value)) for value in values]


def pcs_options() -> list[tuple[str, str]]:
    """Return (code, "code — label") pairs of the PCS list."""
    return [(code, f"{code} — {PCS_LABELS[code]}") for code, _label in PCS_CATEGORIES]
