"""The records DESIGN.md's contract promises: demo accounts, the Z-TEST family of the guide, zdemo2.

Tests build on exactly this data set, so it stays small and fully described here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from school.extensions import db
from school.models import (
    Absence, CampaignDocumentType, Course, CourseOption, Cursus, Cycle, Department, Discipline, DiscountRule,
    DocumentType, Enrolment, Evaluation, Family, Guardian, Invoice, PortalText, ReenrolmentCampaign,
    RepertoireItem, Room, SchoolClass, SchoolLevel, SchoolYear, Setting, Site, Student, Tariff, TariffCategory,
    Teacher, YearResult,
)
from school.services import roles
from school.services.accounts import create_account, ensure_role
from school.services.billing import invoicing, payments

FAMILY_PASSWORD = "Famille-Demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    first_name: str
    last_name: str
    email: str


STAFF_ACCOUNTS = (
    DemoAccount("admin", "Admin-Demo-2026", roles.ADMIN, "Alice", "ADMIN", "admin@conservatoire.example.org"),
    DemoAccount("secretariat", "Secretariat-Demo-2026", roles.SECRETARIAT, "Sophie", "MARTIN",
                "secretariat@conservatoire.example.org"),
    DemoAccount("comptable", "Comptable-Demo-2026", roles.ACCOUNTING, "Chantal", "BERNARD",
                "comptabilite@conservatoire.example.org"),
    DemoAccount("lblanchard", "Enseignant-Demo-2026", roles.TEACHER, "Laura", "BLANCHARD",
                "laura.blanchard@conservatoire.example.org"),
    DemoAccount("consultation", "Consultation-Demo-2026", roles.READ_ONLY, "Camille", "PETIT",
                "consultation@conservatoire.example.org"),
)
FAMILY_ACCOUNTS = (
    DemoAccount("ztest1", FAMILY_PASSWORD, roles.FAMILY, "Essai", "Z-TEST", "test@vitrecommunaute.org"),
    DemoAccount("zdemo2", FAMILY_PASSWORD, roles.FAMILY, "Marie", "Z-DEMO", "zdemo2@example.org"),
)
DEMO_ACCOUNTS = STAFF_ACCOUNTS + FAMILY_ACCOUNTS

SITES = (
    ("Vitré", "Vitré", "35500"),
    ("Argentré-du-Plessis", "Argentré", "35370"),
    ("Châteaubourg", "Châteaubourg", "35220"),
    ("La Guerche-de-Bretagne", "La Guerche", "35130"),
)

PORTAL_TEXTS = {
    "home_message": ("Message d'accueil", "Bienvenue sur le portail des familles du conservatoire."),
    "secretariat_contact": (
        "Contact du secrétariat",
        "Pour toute demande contacter le secrétariat : 02 99 74 68 64 / conservatoire@vitrecommunaute.org",
    ),
    "image_rights": (
        "Droit à l'image",
        "Chaque année scolaire, nos élèves participent à diverses manifestations publiques (concerts, "
        "auditions, portes ouvertes…) donnant lieu à des captations photos ou vidéos qui peuvent être "
        "publiées dans un journal ou dans un support de communication. En application de l'article 9 du "
        "Code civil, ce type d'exploitation doit obligatoirement faire l'objet d'une autorisation expresse.\n"
        "J'autorise (élève majeur ou représentant légal), dans le cadre exclusif des activités du "
        "conservatoire de Vitré Communauté, la prise de vues de moi-même ou de mon enfant inscrit au "
        "conservatoire. J'accepte que tout ou partie des images et enregistrements sonores soient "
        "incorporés gracieusement en vue de leur exploitation par tous modes et procédés, en tout lieu et "
        "ce sans limitation de durée.",
    ),
    "documents_instructions": (
        "Pièces à fournir",
        "Afin de bénéficier de la tarification selon le Quotient Familial pour une demande d'inscription "
        "enfant/étudiant : joindre l'attestation de Quotient Familial de votre organisme (CAF, MSA) de moins "
        "de 4 mois. (Dans le cas où l'usager ne souhaiterait pas justifier de sa situation, le tarif "
        "correspondant à la Tranche 6 de la grille tarifaire s'appliquera.)\n"
        "Si vous souhaitez adhérer au prélèvement automatique pour le règlement trimestriel des factures de "
        "cotisations : joindre le mandat de prélèvement automatique complété, accompagné d'un RIB.",
    ),
    "tariff_text": (
        "Tarifs",
        "Les cotisations sont calculées selon le quotient familial (tranches 1 à 6) et le lieu de "
        "résidence. Une remise s'applique à partir du deuxième élève d'une même famille.",
    ),
    "courses_notice": (
        "Information complémentaire",
        "ÉLÈVES EN PARCOURS DÉCOUVERTE SOUHAITANT DÉBUTER L'INSTRUMENT : tout changement de discipline / "
        "demande d'inscription dans une nouvelle discipline / ajout d'un nouvel élève dans la famille devra "
        "faire l'objet d'un NOUVEAU DOSSIER D'INSCRIPTION. Le niveau de cycle indiqué est indicatif (sous "
        "réserve des résultats d'évaluation).",
    ),
}

SETTINGS = {
    "school_name": ("Nom de l'établissement", "Conservatoire de Musique et d'Art Dramatique de Vitré Communauté"),
    "school_short_name": ("Nom court (site)", "Conservatoire"),
    "school_address": ("Adresse", "6 rue de Verdun, 35500 Vitré"),
    "school_phone": ("Téléphone", "02 99 74 68 64"),
    "school_email": ("E-mail", "conservatoire@vitrecommunaute.org"),
    "sepa_creditor_id": ("Identifiant créancier SEPA", "FR72ZZZ123456"),
    "sepa_creditor_name": ("Nom du créancier SEPA", "Vitré Communauté - Conservatoire"),
    "sepa_creditor_iban": ("IBAN du créancier", "FR7630006000011234567890189"),
    "sepa_creditor_bic": ("BIC du créancier", "AGRIFRPP"),
    "password_policy": ("Politique de mot de passe (default ou legacy)", "default"),
}


def paris_midnight_utc(day: dt.date) -> dt.datetime:
    """Return midnight of ``day`` in Europe/Paris as naive UTC (the storage convention)."""
    from zoneinfo import ZoneInfo

    local = dt.datetime.combine(day, dt.time(0, 0), tzinfo=ZoneInfo("Europe/Paris"))
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


def _get_or_create(model, defaults=None, **keys):  # type: ignore[no-untyped-def]
    row = db.session.query(model).filter_by(**keys).one_or_none()
    if row is None:
        row = model(**keys, **(defaults or {}))
        db.session.add(row)
        db.session.flush()
    return row


def seed_reference_data() -> dict:
    """Create the years, sites, rooms, departments, texts and settings every data set needs."""
    ref: dict = {}
    for name in roles.ALL_ROLES:
        ensure_role(name)
    years = {}
    for start in (2023, 2024, 2025, 2026, 2027):
        years[start] = _get_or_create(
            SchoolYear, label=f"{start}/{start + 1}",
            defaults={"starts_on": dt.date(start, 9, 1), "ends_on": dt.date(start + 1, 6, 30),
                      "is_current": start == 2026},
        )
    ref["years"] = years
    ref["sites"] = {short: _get_or_create(Site, name=name, defaults={"short_name": short, "postal_code": cp,
                                                                     "city": name})
                    for name, short, cp in SITES}
    ref["departments"] = {n: _get_or_create(Department, name=n) for n in (
        "Culture musicale générale", "Cordes", "Vents", "Claviers", "Percussions", "Voix", "Art dramatique",
        "Pratiques collectives", "Musiques actuelles")}
    ref["cycles"] = {n: _get_or_create(Cycle, name=n, defaults={"rank": r}) for r, n in enumerate(
        ("Éveil", "1er cycle", "2e cycle", "3e cycle"), start=1)}
    ref["categories"] = {}
    for code, name, ledger in (
        ("decouverte", "Parcours découverte", "cotisations"),
        ("cursus", "Cursus instrumental", "cotisations"),
        ("collectif", "Pratique collective seule", "cotisations"),
        ("location", "Location d'instrument", "locations"),
    ):
        ref["categories"][code] = _get_or_create(TariffCategory, code=code, defaults={"name": name, "ledger": ledger})
    ref["cursus"] = {
        "decouverte": _get_or_create(Cursus, name="Parcours découvertes instrumentales",
                                     defaults={"tariff_category": ref["categories"]["decouverte"]}),
        "cursus": _get_or_create(Cursus, name="Cursus instrumental",
                                 defaults={"tariff_category": ref["categories"]["cursus"]}),
        "collectif": _get_or_create(Cursus, name="Pratique collective",
                                    defaults={"tariff_category": ref["categories"]["collectif"]}),
    }
    base = {"decouverte": 9000, "cursus": 21000, "collectif": 6000, "location": 9000}
    for start in (2025, 2026, 2027):
        for code, amount in base.items():
            for tranche in range(1, 7):
                for resident in (True, False):
                    cents = int(amount * (0.5 + tranche * 0.1)) * (1 if resident else 2)
                    _get_or_create(Tariff, school_year=years[start], tariff_category=ref["categories"][code],
                                   qf_tranche=tranche, resident=resident, defaults={"amount_cents": cents})
    for key, (title, body) in PORTAL_TEXTS.items():
        _get_or_create(PortalText, key=key, defaults={"title": title, "body": body})
    for key, (label, value) in SETTINGS.items():
        _get_or_create(Setting, key=key, defaults={"label": label, "value": value})
    ref["doc_types"] = {
        "qf": _get_or_create(DocumentType, name="Attestation de quotient familial de moins de 4 mois", defaults={
            "scope": "family", "validity_days": 120, "is_quotient_certificate": True,
            "instructions": "Attestation de votre organisme (CAF, MSA) de moins de 4 mois. Sans justificatif, "
                            "la tranche 6 de la grille tarifaire s'applique."}),
        "sepa": _get_or_create(DocumentType, name="Formulaire de demande de Prélèvement Automatique", defaults={
            "scope": "family", "instructions": "Mandat de prélèvement complété et signé."}),
        "rib": _get_or_create(DocumentType, name="Relevé d'Identité bancaire", defaults={"scope": "family"}),
        "medical": _get_or_create(DocumentType, name="Certificat médical (art dramatique)", defaults={
            "scope": "student"}),
    }
    return ref


def _course(ref, *, label, year, discipline, teacher, room, weekday, hour, minute, minutes, cycle=None,
            school_class=None, cursus=None, capacity=12) -> Course:  # type: ignore[no-untyped-def]
    course = Course(label=label, school_year=year, discipline=discipline, teacher=teacher, room=room,
                    weekday=weekday, start_time=dt.time(hour, minute), duration_minutes=minutes, cycle=cycle,
                    school_class=school_class, cursus=cursus, capacity=capacity)
    db.session.add(course)
    return course


def seed_contract() -> dict:
    """Create the demo accounts and records of the contract; return the main objects by name."""
    ref = seed_reference_data()
    years, sites, deps, cycles = ref["years"], ref["sites"], ref["departments"], ref["cycles"]
    users = {}
    for account in DEMO_ACCOUNTS:
        users[account.username] = create_account(
            username=account.username, email=account.email, first_name=account.first_name,
            last_name=account.last_name, role_name=account.role, password=account.password,
        )

    berlioz = _get_or_create(Room, name="Berlioz", site=sites["Vitré"], defaults={"capacity": 20})
    ravel = _get_or_create(Room, name="Ravel", site=sites["Vitré"], defaults={"capacity": 15})
    salle_arg = _get_or_create(Room, name="Salle 1", site=sites["Argentré"], defaults={"capacity": 15})
    salle_cha = _get_or_create(Room, name="Salle 2", site=sites["Châteaubourg"], defaults={"capacity": 15})
    salle_lag = _get_or_create(Room, name="Salle 3", site=sites["La Guerche"], defaults={"capacity": 15})

    fm = _get_or_create(Discipline, name="Culture musicale", defaults={
        "department": deps["Culture musicale générale"], "is_instrument": False})
    piano = _get_or_create(Discipline, name="Piano", defaults={"department": deps["Claviers"]})
    violon = _get_or_create(Discipline, name="Violon", defaults={"department": deps["Cordes"]})
    cmg1 = _get_or_create(SchoolClass, name="CMG MAA Niveau 1", defaults={"department": deps["Culture musicale générale"]})
    cmg2 = _get_or_create(SchoolClass, name="CMG MAA Niveau 2", defaults={"department": deps["Culture musicale générale"]})

    blanchard = Teacher(civility="Madame", last_name="BLANCHARD", first_name="Laura", user=users["lblanchard"],
                        email="laura.blanchard@conservatoire.example.org")
    gross = Teacher(civility="Monsieur", last_name="GROSS", first_name="Florent")
    dupont = Teacher(civility="Monsieur", last_name="DUPONT", first_name="Marc")
    db.session.add_all([blanchard, gross, dupont])

    current, previous, next_year = years[2026], years[2025], years[2027]
    fm_now = _course(ref, label="Culture musicale 1C2", year=current, discipline=fm, teacher=blanchard, room=berlioz,
                     weekday=0, hour=17, minute=0, minutes=75, cycle=cycles["1er cycle"], school_class=cmg2,
                     cursus=ref["cursus"]["cursus"])
    piano_now = _course(ref, label="Piano 1C2", year=current, discipline=piano, teacher=dupont, room=ravel,
                        weekday=2, hour=14, minute=30, minutes=30, cycle=cycles["1er cycle"],
                        cursus=ref["cursus"]["cursus"], capacity=8)
    violon_now = _course(ref, label="Violon 1C1", year=current, discipline=violon, teacher=dupont, room=ravel,
                         weekday=3, hour=18, minute=0, minutes=30, cycle=cycles["1er cycle"],
                         cursus=ref["cursus"]["cursus"], capacity=8)
    fm_before = _course(ref, label="Culture musicale 1C1", year=previous, discipline=fm, teacher=gross,
                        room=berlioz, weekday=0, hour=17, minute=0, minutes=60, cycle=cycles["1er cycle"],
                        school_class=cmg1, cursus=ref["cursus"]["cursus"])
    next_courses = {
        "Argentré": _course(ref, label="Culture musicale 1C3 - Argentré", year=next_year, discipline=fm,
                            teacher=blanchard, room=salle_arg, weekday=1, hour=17, minute=30, minutes=75,
                            cycle=cycles["1er cycle"], cursus=ref["cursus"]["cursus"], capacity=12),
        "Châteaubourg": _course(ref, label="Culture musicale 1C3 - Châteaubourg", year=next_year, discipline=fm,
                                teacher=blanchard, room=salle_cha, weekday=2, hour=10, minute=0, minutes=75,
                                cycle=cycles["1er cycle"], cursus=ref["cursus"]["cursus"], capacity=12),
        "La Guerche": _course(ref, label="Culture musicale 1C3 - La Guerche", year=next_year, discipline=fm,
                              teacher=gross, room=salle_lag, weekday=4, hour=17, minute=0, minutes=75,
                              cycle=cycles["1er cycle"], cursus=ref["cursus"]["cursus"], capacity=1),
        "Vitré": _course(ref, label="Culture musicale 1C3 - Vitré", year=next_year, discipline=fm,
                         teacher=blanchard, room=berlioz, weekday=0, hour=17, minute=0, minutes=75,
                         cycle=cycles["1er cycle"], cursus=ref["cursus"]["cursus"], capacity=12),
    }
    piano_next = _course(ref, label="Piano 1C3 - Vitré", year=next_year, discipline=piano, teacher=dupont,
                         room=ravel, weekday=2, hour=14, minute=30, minutes=30, cycle=cycles["1er cycle"],
                         cursus=ref["cursus"]["cursus"], capacity=8)
    violon_next = _course(ref, label="Violon 1C2 - Vitré", year=next_year, discipline=violon, teacher=dupont,
                          room=ravel, weekday=3, hour=18, minute=0, minutes=30, cycle=cycles["1er cycle"],
                          cursus=ref["cursus"]["cursus"], capacity=8)

    # Family Z-TEST, as in the guide.
    ztest = Family(name="Z-TEST", reference="F00001", qf_tranche=6, resident=True, payment_mode="cheque")
    essai_parent = Guardian(
        family=ztest, civility="Monsieur", last_name="Z-TEST", first_name="Essai", birth_date=dt.date(1980, 1, 1),
        address="6 rue de Verdun", postal_code="35500", city="VITRE", phone_home="0299746864",
        email="test@vitrecommunaute.org", family_situation="Marié(e)", pcs_code="47", profession="Technicien",
        user=users["ztest1"], is_primary=True,
    )
    essai = Student(family=ztest, civility="Monsieur", last_name="Z-TEST", first_name="Essai",
                    birth_date=dt.date(2016, 1, 1), use_guardian_address=True, address="6 rue de Verdun",
                    postal_code="35500", city="VITRE", email="test@vitrecommunaute.org",
                    emergency_contact="Z-TEST Marie", emergency_phone="0601020304")
    db.session.add_all([ztest, essai_parent, essai])
    db.session.add(SchoolLevel(student=essai, school_year=current, level="CM1"))
    enr_now = Enrolment(student=essai, course=fm_now, school_year=current, status="active")
    enr_before = Enrolment(student=essai, course=fm_before, school_year=previous, status="active")
    db.session.add_all([enr_now, enr_before])
    db.session.add_all([
        Evaluation(enrolment=enr_now, name="Contrôle rythmique", date=dt.date(2026, 11, 16),
                   criterion_type="Rythme", mark=16, denominator=20, coefficient=1, letter="B", mention="Bien",
                   appreciation="Bon travail, à poursuivre."),
        Evaluation(enrolment=enr_now, name="Lecture de notes", date=dt.date(2026, 11, 23),
                   criterion_type="Lecture", mark=12, denominator=20, coefficient=2, letter="C",
                   mention="Assez bien", appreciation="Des progrès à faire en clé de fa."),
        Evaluation(enrolment=enr_before, name="Examen de fin d'année", date=dt.date(2026, 6, 8),
                   criterion_type="Examen", mark=4, denominator=5, coefficient=1, letter="B", mention="Bien",
                   appreciation="Admis en niveau 2."),
        Evaluation(enrolment=enr_before, name="Dictée musicale", date=dt.date(2026, 3, 9),
                   criterion_type="Écoute", absent=True, reason="Maladie"),
    ])
    db.session.add_all([
        Absence(enrolment=enr_now, date=dt.date(2026, 10, 5), excused=True, reason="Malade"),
        Absence(enrolment=enr_now, date=dt.date(2026, 11, 9), excused=False, reason=None),
    ])
    db.session.add(YearResult(
        student=essai, school_year=previous, enrolment=enr_before, department=deps["Culture musicale générale"],
        school_class=cmg1, cycle=cycles["1er cycle"], teacher=gross, average=3, letter_average="3",
        mention="Bien", comment="Année sérieuse.", class_result="Admis", admitted_class=cmg2,
    ))
    db.session.add_all([
        RepertoireItem(student=essai, school_year=current, course=fm_now, work="Doctor Gradus ad Parnassum",
                       composer="Claude Debussy", status="en cours"),
        RepertoireItem(student=essai, school_year=previous, course=fm_before, work="Menuet en sol majeur",
                       composer="Christian Petzold", status="acquis"),
    ])

    # Family Z-DEMO: two pupils, the "other family" of every access test.
    zdemo = Family(name="Z-DEMO", reference="F00002", qf_tranche=3, resident=False, payment_mode="prelevement")
    marie = Guardian(family=zdemo, civility="Madame", last_name="Z-DEMO", first_name="Marie",
                     birth_date=dt.date(1982, 5, 12), address="12 place du Château", postal_code="35220",
                     city="CHATEAUBOURG", phone_mobile="0611223344", email="zdemo2@example.org",
                     user=users["zdemo2"], is_primary=True)
    lea = Student(family=zdemo, civility="Madame", last_name="Z-DEMO", first_name="Léa",
                  birth_date=dt.date(2014, 3, 2), use_guardian_address=True)
    hugo = Student(family=zdemo, civility="Monsieur", last_name="Z-DEMO", first_name="Hugo",
                   birth_date=dt.date(2017, 9, 21), use_guardian_address=True)
    db.session.add_all([zdemo, marie, lea, hugo])
    enr_lea = Enrolment(student=lea, course=piano_now, school_year=current, status="active")
    enr_hugo = Enrolment(student=hugo, course=violon_now, school_year=current, status="active")
    db.session.add_all([enr_lea, enr_hugo])
    db.session.add_all([
        Evaluation(enrolment=enr_lea, name="Audition de Noël", date=dt.date(2026, 11, 28), mark=17,
                   denominator=20, coefficient=1, letter="A", mention="Très bien"),
        Absence(enrolment=enr_hugo, date=dt.date(2026, 10, 14), excused=True, reason="Rendez-vous médical"),
        RepertoireItem(student=lea, school_year=current, course=piano_now, work="Gymnopédie n° 1",
                       composer="Erik Satie"),
    ])
    db.session.flush()

    # The first trimester's invoices, issued by the invoicing service as a generation run on 01/10/2026
    # would (Z-DEMO's second pupil gets the "Remise 2e élève"), and Z-TEST's cheque paying its invoice.
    _get_or_create(DiscountRule, name="Remise 2e élève",
                   defaults={"kind": "nth_student", "from_rank": 2, "percent": 20, "active": True})
    for family in (ztest, zdemo):
        invoicing.generate_invoices(2026, "2026-T1", family=family, issued_on=dt.date(2026, 10, 1))
    fc = db.session.scalar(select(Invoice).where(Invoice.family_id == ztest.id, Invoice.period == "2026-T1"))
    payment = payments.record_payment(
        ztest, paid_on=dt.date(2026, 11, 9), mode="cheque", amount_cents=fc.total_cents, operation_number="98135",
        label="Règlement chèque", allocations=[payments.Allocation(fc, fc.total_cents)],
    )

    # The open re-enrolment campaign for next year.
    campaign = ReenrolmentCampaign(
        name="Réinscriptions 2027/2028", school_year=next_year, opens_at=dt.datetime(2026, 11, 15, 0, 0),
        closes_at=paris_midnight_utc(dt.date(2027, 2, 17)),
        text_intro="Les réinscriptions pour l'année 2027/2028 sont ouvertes.",
        text_coordinates="Vérifiez et complétez vos coordonnées. Les champs marqués d'un astérisque sont obligatoires.",
        text_authorisations="Vous devez cocher oui ou non selon votre souhait concernant les droits à l'image de l'élève.",
        text_documents="La taille limite d'un document est de 2 Mo ; les formats acceptés sont JPEG, JPG, PNG, PDF.",
        text_courses="Cochez la case « Réinscription » pour chaque discipline que vous souhaitez renouveler.",
        text_summary="Vérifiez les informations saisies, prenez connaissance des documents, puis acceptez et validez.",
        text_confirmation="Votre demande de réinscription a bien été enregistrée. Elle sera confirmée par courriel.",
    )
    db.session.add(campaign)
    for key, required in (("qf", True), ("sepa", False), ("rib", False)):
        db.session.add(CampaignDocumentType(campaign=campaign, document_type=ref["doc_types"][key], required=required))
    for site, course in next_courses.items():
        db.session.add(CourseOption(campaign=campaign, discipline=fm, course=course, site=course.room.site,
                                    label=f"Culture musicale 1C3 - {site}", capacity=course.capacity))
    db.session.add(CourseOption(campaign=campaign, discipline=piano, course=piano_next, site=sites["Vitré"],
                                label="Piano 1C3 - Vitré", capacity=8))
    db.session.add(CourseOption(campaign=campaign, discipline=violon, course=violon_next, site=sites["Vitré"],
                                label="Violon 1C2 - Vitré", capacity=8))
    db.session.flush()
    return {
        "ref": ref, "users": users, "ztest": ztest, "zdemo": zdemo, "essai": essai, "lea": lea, "hugo": hugo,
        "campaign": campaign, "fm_now": fm_now, "invoice": fc, "payment": payment,
        "blanchard": blanchard, "dupont": dupont,
    }
