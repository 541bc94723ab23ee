"""Closed lists families pick from: civility, family situation, INSEE PCS 2020, school levels."""
from __future__ import annotations

CIVILITIES: tuple[str, ...] = ("Monsieur", "Madame")

FAMILY_SITUATIONS: tuple[str, ...] = (
    "Célibataire", "Marié(e)", "Pacsé(e)", "Vie maritale", "Divorcé(e)", "Séparé(e)", "Veuf(ve)",
)

# INSEE PCS 2020, level 2: the 29 "catégories socioprofessionnelles" (two-digit codes, short labels).
# Retired and other inactive people are not categories of PCS 2020 (they are classed by their last
# job); the two last entries keep the traditional groups 7 and 8 so every family finds an answer.
PCS_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("10", "Agriculteurs exploitants"),
    ("21", "Artisans"),
    ("22", "Commerçants et assimilés"),
    ("23", "Chefs d'entreprise de 10 salariés ou plus"),
    ("31", "Professions libérales"),
    ("33", "Cadres de la fonction publique"),
    ("34", "Professeurs et professions scientifiques"),
    ("35", "Professions de l'information, des arts et des spectacles"),
    ("37", "Cadres administratifs et commerciaux d'entreprise"),
    ("38", "Ingénieurs et cadres techniques d'entreprise"),
    ("42", "Professeurs des écoles, instituteurs et professions assimilées"),
    ("43", "Professions intermédiaires de la santé et du travail social"),
    ("44", "Clergé, religieux"),
    ("45", "Professions intermédiaires administratives de la fonction publique"),
    ("46", "Professions intermédiaires administratives et commerciales des entreprises"),
    ("47", "Techniciens"),
    ("48", "Contremaîtres, agents de maîtrise"),
    ("52", "Employés administratifs de la fonction publique, agents de service et auxiliaires de santé"),
    ("53", "Policiers, militaires et agents de surveillance"),
    ("54", "Employés administratifs d'entreprise"),
    ("55", "Employés de commerce"),
    ("56", "Personnels des services directs aux particuliers"),
    ("62", "Ouvriers qualifiés de type industriel"),
    ("63", "Ouvriers qualifiés de type artisanal"),
    ("64", "Chauffeurs"),
    ("65", "Ouvriers qualifiés de la manutention, du magasinage et du transport"),
    ("67", "Ouvriers non qualifiés de type industriel"),
    ("68", "Ouvriers non qualifiés de type artisanal"),
    ("69", "Ouvriers agricoles"),
    ("7", "Retraités"),
    ("8", "Autres personnes sans activité professionnelle"),
)
PCS_LABELS: dict[str, str] = dict(PCS_CATEGORIES)

SCHOOL_LEVELS: tuple[str, ...] = (
    "Non scolarisé", "Maternelle", "CP", "CE1", "CE2", "CM1", "CM2", "6e", "5e", "4e", "3e",
    "Seconde", "Première", "Terminale", "CAP / BEP", "Études supérieures", "Adulte",
)
