"""A realistic conservatoire around Vitré: school structure, then families generated in bulk.

Shared by ``flask seed demo`` (300 families, accounts through the accounts service) and
``flask seed bench`` (N families, accounts inserted in bulk). Everything is drawn from one
``random.Random(seed)``; dates are fixed, so a seed always gives the same data.
Rows are inserted with ORM ``insert()`` statements in batches (``RETURNING`` gives the new ids).
"""
from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask_appbuilder.security.sqla.models import Role, User, assoc_user_role
from sqlalchemy import func, insert, select

from school.extensions import db
from school.models import (
    Absence, Course, Discipline, Enrolment, Evaluation, Family, Guardian, ImageRightsConsent, Invoice,
    InvoiceLine, Payment, PaymentAllocation, RepertoireItem, Room, SchoolClass, SchoolLevel, SchoolYear,
    SepaMandate, Student, Tariff, Teacher, YearResult,
)
from school.services import numbering, roles
from school.services.billing import invoicing, tariffs
from school.services.billing import payments as payments_service
from school.services.accounts import create_account
from seed import names
from seed.contract import _get_or_create

CURRENT = 2026
YEARS = (2024, 2025, 2026)
INVOICE_YEARS = (2025, 2026)
CUTOFF = dt.date(2026, 11, 27)  # last lesson date of the current year's generated data
CREATED = dt.datetime(2026, 9, 1, 7, 0)  # fixed creation timestamp of generated rows (UTC)
LAYOUT_SEED = 35500  # the school's structure does not depend on the families' seed

INSTRUMENT_LEVELS = ("1C1", "1C2", "1C3", "1C4", "2C1", "2C2")
MAJOR = ("Piano", "Violon", "Guitare", "Flûte traversière", "Clarinette", "Saxophone", "Trompette",
         "Batterie", "Percussions", "Violoncelle")
MINOR = ("Alto", "Contrebasse", "Hautbois", "Basson", "Cor", "Trombone", "Tuba", "Harpe", "Accordéon", "Chant")
OTHER_SITES = ("Argentré", "Châteaubourg", "La Guerche")
SITE_BY_POSTCODE = {"35370": "Argentré", "35220": "Châteaubourg", "35130": "La Guerche"}
FM_CLASSES = {"1C1": "CMG MAA Niveau 1", "1C2": "CMG MAA Niveau 2", "1C3": "CMG MAA Niveau 3",
              "1C4": "CMG MAA Niveau 4", "2C1": "CMG 2e cycle Niveau 1", "2C2": "CMG 2e cycle Niveau 2"}
CONTRACT_TEACHERS = (("Madame", "BLANCHARD", "Laura", ("Culture musicale",)),
                     ("Monsieur", "GROSS", "Florent", ("Culture musicale",)),
                     ("Monsieur", "DUPONT", "Marc", ("Piano", "Violon")))
TRIMESTERS = ((0, 10, 1), (1, 1, 5), (1, 4, 1))  # issue dates: (years after the start, month, day)
PAYMENT_MODE_WEIGHTS = (("prelevement", 35), ("cheque", 30), ("carte", 15), ("virement", 12), ("especes", 8))
QF_WEIGHTS = (10, 15, 20, 20, 15, 20)
_MENTION_OF_FIVE = {points: (letter, mention) for points, letter, mention in names.MENTIONS}


@dataclass(frozen=True)
class PlanEntry:
    """One weekly course of the school's yearly timetable."""

    label: str
    discipline: str
    level: str
    rank: int
    site: str
    kind: str  # instrument, fm or collective
    minutes: int
    capacity: int


def course_plan() -> list[PlanEntry]:
    """Return the 120 courses every school year has (labels as the contract's: "Piano 1C2")."""
    plan: list[PlanEntry] = []

    def add(discipline: str, level: str, rank: int, site: str, kind: str, minutes: int, capacity: int,
            label: str | None = None) -> None:
        text = label or f"{discipline} {level}"
        if label is None and site != "Vitré":
            text += f" - {site}"
        plan.append(PlanEntry(text, discipline, level, rank, site, kind, minutes, capacity))

    for i, disc in enumerate(MAJOR):
        for rank, level in enumerate(INSTRUMENT_LEVELS):
            add(disc, level, rank, "Vitré", "instrument", 30 if rank < 4 else 45, 8)
        add(disc, "1C1", 0, OTHER_SITES[i % 3], "instrument", 30, 8)
    for disc in MINOR:
        for rank, level in ((0, "1C1"), (1, "1C2"), (4, "2C1")):
            add(disc, level, rank, "Vitré", "instrument", 30 if rank < 4 else 45, 8)
    for rank, level in enumerate(INSTRUMENT_LEVELS):
        add("Culture musicale", level, rank, "Vitré", "fm", 60 if rank < 2 else 75, 15)
    for site in OTHER_SITES:
        add("Culture musicale", "1C1", 0, site, "fm", 60, 15)
    for label, disc, level, site, minutes in (
        ("Orchestre 1er cycle", "Orchestre", "1er cycle", "Vitré", 90),
        ("Orchestre 2e cycle", "Orchestre", "2e cycle", "Vitré", 90),
        ("Chorale enfants", "Chorale", "enfants", "Vitré", 60),
        ("Chorale adultes", "Chorale", "adultes", "Vitré", 90),
        ("Théâtre enfants", "Théâtre", "enfants", "Vitré", 90),
        ("Théâtre adolescents", "Théâtre", "adolescents", "Vitré", 120),
        ("Théâtre adultes", "Théâtre", "adultes", "Vitré", 120),
        ("Atelier musiques actuelles débutants", "Musiques actuelles", "débutants", "Vitré", 90),
        ("Atelier musiques actuelles confirmés", "Musiques actuelles", "confirmés", "Vitré", 90),
        ("Atelier jazz", "Musiques actuelles", "jazz", "Vitré", 90),
        ("Atelier rock - Châteaubourg", "Musiques actuelles", "rock", "Châteaubourg", 90),
    ):
        add(disc, level, 0, site, "collective", minutes, 20, label=label)
    return plan


@dataclass
class CourseInfo:
    """What the family generator needs of a course, read once (no lazy loading in the hot loop)."""

    id: int
    label: str
    year: int
    year_id: int
    discipline: str
    department_id: int
    weekday: int
    cycle_id: int | None
    class_id: int | None
    teacher_id: int
    category: str
    entry: PlanEntry


@dataclass
class School:
    """The school's structure, as the generators use it."""

    ref: dict
    year_ids: dict[int, int]
    courses: dict[tuple[int, str], CourseInfo]
    plan: list[PlanEntry]
    tariffs: dict[tuple[int, str, int, bool], int]
    family_role_id: int
    classes: dict[str, int] = field(default_factory=dict)
    cycles: dict[str, int] = field(default_factory=dict)

    def find(self, year: int, discipline: str, level: str, site: str) -> CourseInfo:
        """Return the course of ``discipline`` at ``level`` in ``year``, at ``site`` when it exists."""
        local = self.courses.get((year, self._label(discipline, level, site)))
        return local or self.courses[(year, self._label(discipline, level, "Vitré"))]

    def _label(self, discipline: str, level: str, site: str) -> str:
        return f"{discipline} {level}" + ("" if site == "Vitré" else f" - {site}")


def ensure_school(ref: dict) -> School:
    """Create the rooms, disciplines, classes, 30 teachers and 120 courses a year when missing."""
    deps, sites, cycles = ref["departments"], ref["sites"], ref["cycles"]
    disciplines = {name: _get_or_create(Discipline, name=name, defaults={
        "department": deps[dep], "is_instrument": is_instrument}) for name, dep, is_instrument in names.DISCIPLINES}
    rooms: dict[str, list[Room]] = {}
    for room_name, site in names.ROOMS:
        rooms.setdefault(site, []).append(_get_or_create(Room, name=room_name, site=sites[site],
                                                         defaults={"capacity": 20}))
    culture = deps["Culture musicale générale"]
    classes = {level: _get_or_create(SchoolClass, name=name, defaults={"department": culture})
               for level, name in FM_CLASSES.items()}
    by_discipline: dict[str, list[Teacher]] = {}
    for civility, last, first, taught in CONTRACT_TEACHERS + names.TEACHERS:
        teacher = _get_or_create(Teacher, last_name=last, first_name=first, defaults={
            "civility": civility, "email": f"{_slug(first)}.{_slug(last)}@conservatoire.example.org"})
        for name in taught:
            by_discipline.setdefault(name, []).append(teacher)

    years = ref["years"]
    existing = {(c.school_year_id, c.label): c for c in db.session.scalars(
        select(Course).where(Course.school_year_id.in_([years[y].id for y in YEARS])))}
    plan = course_plan()
    layout = random.Random(LAYOUT_SEED)
    used: dict[str, int] = {}
    slots = []
    for entry in plan:
        teachers = by_discipline[entry.discipline]
        teacher = teachers[used.get(entry.discipline, 0) % len(teachers)]
        used[entry.discipline] = used.get(entry.discipline, 0) + 1
        room = rooms[entry.site][layout.randrange(len(rooms[entry.site]))]
        weekday = layout.choice((0, 1, 2, 2, 3, 4, 5))
        hour = layout.randrange(9, 17) if weekday in (2, 5) else layout.randrange(16, 20)
        slots.append((teacher, room, weekday, dt.time(hour, layout.choice((0, 15, 30, 45)))))
    cursus = ref["cursus"]
    created = []
    for year in YEARS:
        for entry, (teacher, room, weekday, start) in zip(plan, slots):
            if (years[year].id, entry.label) in existing:
                continue
            level_cycle = {"1": "1er cycle", "2": "2e cycle"}.get(entry.level[:1]) if entry.kind != "collective" \
                else {"1er cycle": "1er cycle", "2e cycle": "2e cycle"}.get(entry.level)
            course = Course(
                label=entry.label, school_year=years[year], discipline=disciplines[entry.discipline],
                teacher=teacher, room=room, weekday=weekday, start_time=start, duration_minutes=entry.minutes,
                capacity=entry.capacity, cycle=cycles[level_cycle] if level_cycle else None,
                school_class=classes.get(entry.level) if entry.kind == "fm" else None,
                cursus=cursus["collectif" if entry.kind == "collective" else "cursus"],
            )
            existing[(years[year].id, entry.label)] = course
            created.append(course)
    db.session.add_all(created)
    db.session.flush()

    year_ids = {y: years[y].id for y in YEARS}
    by_label = {e.label: e for e in plan}
    courses: dict[tuple[int, str], CourseInfo] = {}
    for year in YEARS:
        for entry in plan:
            course = existing[(year_ids[year], entry.label)]
            courses[(year, entry.label)] = CourseInfo(
                id=course.id, label=course.label, year=year, year_id=year_ids[year],
                discipline=entry.discipline, department_id=disciplines[entry.discipline].department_id,
                weekday=course.weekday, cycle_id=course.cycle_id, class_id=course.school_class_id,
                teacher_id=course.teacher_id, category="collectif" if entry.kind == "collective" else "cursus",
                entry=by_label[entry.label],
            )
    tariffs = {(row.school_year.label, row.tariff_category.code, row.qf_tranche, row.resident): row.amount_cents
               for row in db.session.scalars(select(Tariff))}
    tariff_map = {(int(label[:4]), code, qf, res): cents for (label, code, qf, res), cents in tariffs.items()}
    role_id = db.session.scalar(select(Role.id).where(Role.name == roles.FAMILY))
    return School(ref=ref, year_ids=year_ids, courses=courses, plan=plan, tariffs=tariff_map,
                  family_role_id=role_id, classes={k: v.id for k, v in classes.items()},
                  cycles={k: v.id for k, v in cycles.items()})


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


def _weighted(rng: random.Random, pairs: Iterable[tuple[Any, int]]) -> Any:
    items = list(pairs)
    return rng.choices([v for v, _ in items], weights=[w for _, w in items])[0]


def _phone(rng: random.Random, prefix: str) -> str:
    return prefix + "".join(str(rng.randrange(10)) for _ in range(10 - len(prefix)))


def _lesson_date(year: int, weekday: int, week: int) -> dt.date:
    first = dt.date(year, 9, 8)
    first += dt.timedelta(days=(weekday - first.weekday()) % 7)
    return first + dt.timedelta(weeks=week)


def _iban(rng: random.Random) -> tuple[str, str]:
    """Return a French IBAN with valid RIB key and check digits, and a BIC."""
    bank, bic = rng.choice((("30004", "BNPAFRPP"), ("30002", "CRLYFRPP"), ("13606", "AGRIFRPP836"),
                               ("15589", "CMBRFR2BARK"), ("20041", "PSSTFRPPREN")))
    branch_code = f"{rng.randrange(100000):05d}"
    account = f"{rng.randrange(10 ** 11):011d}"
    key = 97 - (89 * int(bank) + 15 * int(branch_code) + 3 * int(account)) % 97
    bban = f"{bank}{branch_code}{account}{key:02d}"
    check = 98 - int(bban + "152700") % 97  # "FR00" moved to the end: F=15, R=27
    return f"FR{check:02d}{bban}", bic


# --------------------------------------------------------------------------------------------
# Generation: plain dictionaries first, written afterwards in batches.


@dataclass
class EnrolmentSpec:
    course: CourseInfo
    evaluations: list[dict] = field(default_factory=list)
    absences: list[dict] = field(default_factory=list)
    repertoire: list[dict] = field(default_factory=list)
    result: dict | None = None


@dataclass
class StudentSpec:
    row: dict
    levels: list[tuple[int, str]]
    consent: bool | None
    enrolments: list[EnrolmentSpec]


@dataclass
class FamilySpec:
    number: int
    row: dict
    guardians: list[dict]
    accounts: list[dict]
    students: list[StudentSpec]
    mandate: dict | None


class FamilyFactory:
    """Draw families from one ``random.Random``; same seed and numbers, same families."""

    def __init__(self, rng: random.Random, school: School) -> None:
        self.rng = rng
        self.school = school
        self.towns = [(cp, city, resident) for cp, city, _, resident in names.TOWNS]
        self.town_weights = [w for _, _, w, _ in names.TOWNS]
        self.levels: dict[str, list[PlanEntry]] = {}
        self.collectives: dict[tuple[str, str], str] = {}
        for entry in school.plan:
            if entry.kind == "collective":
                self.collectives.setdefault((entry.discipline, entry.level), entry.label)
            elif entry.site == "Vitré":
                self.levels.setdefault(entry.discipline, []).append(entry)

    def family(self, number: int, pupils: int) -> FamilySpec:
        """Return family number ``number`` with ``pupils`` pupils (an adult pupil alone sometimes)."""
        rng = self.rng
        cp, city, resident = rng.choices(self.towns, weights=self.town_weights)[0]
        last = rng.choice(names.LAST_NAMES)
        tranche = rng.choices(range(1, 7), weights=QF_WEIGHTS)[0]
        mode = _weighted(rng, PAYMENT_MODE_WEIGHTS)
        address = f"{rng.randrange(1, 80)} {rng.choice(names.STREETS)}"
        adult_pupil = pupils == 1 and rng.random() < 0.08
        created = CREATED + dt.timedelta(minutes=number)
        row = {"name": last, "reference": f"F{number:05d}", "qf_tranche": tranche, "resident": resident,
               "payment_mode": mode, "created_at": created}
        home = _phone(rng, "0299") if rng.random() < 0.5 else None
        guardians, accounts = [], []
        count = 1 if adult_pupil or rng.random() < 0.35 else 2
        first_female = rng.random() < 0.6
        for index in range(count):
            female = first_female if index == 0 else not first_female
            first = rng.choice(names.FEMALE_FIRST_NAMES if female else names.MALE_FIRST_NAMES)
            g_last = last if index == 0 or rng.random() < 0.75 else rng.choice(names.LAST_NAMES)
            place, department = rng.choice(names.BIRTH_PLACES)
            pcs, profession = rng.choice(names.PROFESSIONS)
            suffix = "" if index == 0 else "b"
            domain = rng.choice(("example.org", "example.net", "example.com"))
            email = f"{_slug(first)}.{_slug(g_last)}{number}{suffix}@{domain}"
            birth = dt.date(1968, 1, 1) + dt.timedelta(days=rng.randrange(25 * 365))
            if adult_pupil:
                birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(40 * 365))
            guardians.append({
                "civility": "Madame" if female else "Monsieur", "last_name": g_last, "first_name": first,
                "birth_date": birth, "birth_place": place, "birth_department": department,
                "family_situation": rng.choice(names.FAMILY_SITUATIONS[:3]) if count == 2
                else rng.choice(names.FAMILY_SITUATIONS[3:]), "address": address, "postal_code": cp,
                "city": city, "phone_home": home, "phone_mobile": _phone(rng, rng.choice(("06", "07"))),
                "phone_work": _phone(rng, "02") if rng.random() < 0.3 else None, "email": email,
                "pcs_code": pcs, "profession": profession, "is_primary": index == 0,
            })
            accounts.append({"username": f"{_slug(first)[:1]}{_slug(g_last)[:12]}{number}{suffix}",
                             "email": email, "first_name": first, "last_name": g_last})
        site = SITE_BY_POSTCODE.get(cp, "Vitré")
        students = []
        if adult_pupil:
            g = guardians[0]
            students.append(self._student(g["first_name"], last, g["civility"] == "Madame", g["birth_date"],
                                          guardians, site, adult=True))
        else:
            for _ in range(pupils):
                female = rng.random() < 0.55
                first = rng.choice(names.FEMALE_FIRST_NAMES if female else names.MALE_FIRST_NAMES)
                birth = dt.date(2008, 9, 1) + dt.timedelta(days=rng.randrange(12 * 365))
                students.append(self._student(first, last, female, birth, guardians, site, adult=False))
        mandate = None
        if mode == "prelevement":
            iban, bic = _iban(rng)
            g = guardians[0]
            mandate = {"rum": f"RUM-{number:06d}", "holder_name": f"{g['last_name']} {g['first_name']}",
                       "iban": iban, "bic": bic,
                       "signed_on": dt.date(2024, 9, 1) + dt.timedelta(days=rng.randrange(700)),
                       "active": True, "first_collected": rng.random() < 0.8}
        return FamilySpec(number, row, guardians, accounts, students, mandate)

    def _student(self, first: str, last: str, female: bool, birth: dt.date, guardians: list[dict], site: str,
                 *, adult: bool) -> StudentSpec:
        rng = self.rng
        g = guardians[0]
        other = guardians[1] if len(guardians) > 1 else None
        place, department = rng.choice(names.BIRTH_PLACES)
        row = {
            "civility": "Madame" if female else "Monsieur", "last_name": last, "first_name": first,
            "birth_date": birth, "birth_place": place, "birth_department": department,
            "use_guardian_address": True, "address": g["address"], "postal_code": g["postal_code"],
            "city": g["city"], "email": g["email"] if adult else None,
            "phone_mobile": g["phone_mobile"] if adult or rng.random() < 0.2 else None,
            "emergency_contact": f"{other['last_name']} {other['first_name']}" if other else
            f"{rng.choice(names.LAST_NAMES)} {rng.choice(names.FEMALE_FIRST_NAMES)}",
            "emergency_phone": other["phone_mobile"] if other else _phone(rng, "06"),
        }
        levels = []
        if not adult:
            for year in YEARS:
                index = year - birth.year - (1 if birth.month >= 9 else 0) - 5
                if 0 <= index < len(names.SCHOOL_LEVELS):
                    levels.append((year, names.SCHOOL_LEVELS[index]))
        consent = None if rng.random() < 0.1 else rng.random() < 0.88
        return StudentSpec(row, levels, consent, self._enrolments(birth, site, adult))

    def _enrolments(self, birth: dt.date, site: str, adult: bool) -> list[EnrolmentSpec]:
        """Tracks of study for 2026/2027 and the years before, one level lower each year back."""
        rng = self.rng
        age = CURRENT - birth.year
        tracks: list[tuple[str, str | None, int]] = []  # (discipline, fixed level or None, years studied)
        if adult:
            choice = rng.choice(("Chant", "Piano", "Guitare", "Chorale", "Théâtre", "Musiques actuelles"))
            studied = rng.randrange(0, 3)
            if choice in ("Chorale", "Théâtre"):
                tracks.append((choice, "adultes", studied))
            elif choice == "Musiques actuelles":
                tracks.append((choice, rng.choice(("débutants", "confirmés", "jazz")), studied))
            else:
                tracks.append((choice, None, studied))
                if rng.random() < 0.3:
                    tracks.append(("Chorale", "adultes", studied))
        elif rng.random() < 0.1:
            level = "enfants" if age < 12 else "adolescents"
            tracks.append(("Théâtre", level, rng.randrange(0, 3)))
        else:
            instrument = rng.choice(MAJOR * 3 + MINOR)
            studied = rng.randrange(0, max(1, min(age - 6, len(INSTRUMENT_LEVELS))))
            tracks.append((instrument, None, studied))
            if age < 16:
                tracks.append(("Culture musicale", None, studied))
            if studied >= 2 and rng.random() < 0.3:
                tracks.append(("Orchestre", "2e cycle" if studied >= 4 else "1er cycle", studied - 2))
            elif rng.random() < 0.1:
                tracks.append(("Chorale", "enfants", 0))
            if age >= 14 and rng.random() < 0.15:
                tracks.append(("Musiques actuelles", rng.choice(("débutants", "confirmés", "rock")), 0))
        specs = []
        for discipline, fixed, studied in tracks:
            for year in YEARS:
                back = CURRENT - year
                if back > studied:
                    continue
                if fixed is not None:
                    course = self._collective(year, discipline, fixed, site)
                else:
                    course = self._leveled(year, discipline, studied - back, site)
                specs.append(self._progress(EnrolmentSpec(course)))
        return specs

    def _collective(self, year: int, discipline: str, level: str, site: str) -> CourseInfo:
        return self.school.courses[(year, self.collectives[(discipline, level)])]

    def _leveled(self, year: int, discipline: str, rank: int, site: str) -> CourseInfo:
        """Return the course of the highest level of ``discipline`` not above ``rank``."""
        levels = self.levels[discipline]
        entry = max((e for e in levels if e.rank <= rank), key=lambda e: e.rank, default=levels[0])
        return self.school.find(year, discipline, entry.level, site)

    def _progress(self, spec: EnrolmentSpec) -> EnrolmentSpec:
        """Add evaluations, absences, repertoire and (past years) the year result."""
        rng = self.rng
        course = spec.course
        past = course.year < CURRENT
        weeks = 34 if past else (CUTOFF - _lesson_date(CURRENT, course.weekday, 0)).days // 7
        skill = rng.gauss(14, 3)
        marks = []
        for index in range(rng.randrange(2, 4) if past else rng.randrange(0, 3)):
            name, criterion = rng.choice(names.EVALUATION_NAMES)
            date = _lesson_date(course.year, course.weekday, rng.randrange(max(weeks, 1)))
            if rng.random() < 0.05:
                spec.evaluations.append({
                    "name": name, "date": date, "criterion_type": criterion, "mark": None, "denominator": None,
                    "coefficient": None, "letter": None, "mention": None, "appreciation": None, "absent": True,
                    "reason": rng.choice(("Maladie", "Absence justifiée", "Raison familiale"))})
                continue
            mark = max(4, min(20, round(skill + rng.gauss(0, 2))))
            marks.append(mark)
            spec.evaluations.append(self._mark_row(name, criterion, date, mark))
        if past:
            mark = max(4, min(20, round(skill + rng.gauss(0, 2))))
            marks.append(mark)
            spec.evaluations.append(self._mark_row("Examen de fin d'année", "Examen",
                                                   dt.date(course.year + 1, 6, 8 + course.weekday), mark))
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3)) if past else rng.choice((0, 0, 0, 1, 2))):
            spec.absences.append({
                "date": _lesson_date(course.year, course.weekday, rng.randrange(max(weeks, 1))),
                "excused": rng.random() < 0.7, "reason": rng.choice(names.ABSENCE_REASONS)})
        if course.entry.kind == "instrument" or course.discipline == "Culture musicale":
            works = names.WORKS.get(course.discipline, names.WORKS["*"])
            for work, composer in rng.sample(works, k=min(len(works), rng.randrange(1, 3))):
                spec.repertoire.append({"work": work, "composer": composer,
                                        "status": "acquis" if past else "en cours"})
        if past and course.entry.kind != "collective":
            average = Decimal(sum(marks) / len(marks) / 4).quantize(Decimal("0.01"))
            letter, mention = _MENTION_OF_FIVE[max(1, int(average + Decimal("0.5")))]
            admitted = average >= Decimal("2.5")
            next_level = {"1C4": "2C1"}.get(course.entry.level)
            spec.result = {
                "average": average, "letter_average": letter, "mention": mention,
                "comment": rng.choice(names.APPRECIATIONS),
                "class_result": "Admis(e) au niveau supérieur" if admitted else "Maintenu(e) dans le niveau",
                "cycle_result": ("Fin de 1er cycle validée" if admitted else "Fin de 1er cycle non validée")
                if next_level else None,
                "cycle_id": course.cycle_id, "school_class_id": course.class_id,
                "admitted_cycle_id": self.school.cycles["2e cycle"] if next_level and admitted else None,
            }
        return spec

    @staticmethod
    def _mark_row(name: str, criterion: str, date: dt.date, mark: int) -> dict:
        letter, mention = _MENTION_OF_FIVE[max(1, (mark + 2) // 4)]
        return {"name": name, "date": date, "criterion_type": criterion, "mark": mark, "denominator": 20,
                "coefficient": 1, "letter": letter, "mention": mention,
                "appreciation": None if mark % 3 else names.APPRECIATIONS[mark % len(names.APPRECIATIONS)],
                "absent": False, "reason": None}


# --------------------------------------------------------------------------------------------
# Writing: one batch of families at a time, every table through ORM ``insert()``.


def _insert_ids(model: Any, rows: list[dict]) -> list[int]:
    """Insert ``rows`` in batches and return their new ids, in order."""
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    # render_nulls keeps every row's column set identical, so the rows are sent in large batches.
    return list(db.session.scalars(statement.execution_options(render_nulls=True), rows))


def _insert(model: Any, rows: list[dict]) -> None:
    """Insert ``rows`` in batches."""
    if rows:
        db.session.execute(insert(model).execution_options(render_nulls=True), rows)


class Writer:
    """Insert generated families; accounts through the accounts service or in bulk."""

    def __init__(self, school: School, rng: random.Random, *, bulk_accounts: bool) -> None:
        self.school = school
        self.rng = rng
        self.bulk_accounts = bulk_accounts
        self.pending: list[tuple[dict, list[dict], dict | None]] = []  # invoices, numbered in ``finish``

    def write(self, families: list[FamilySpec]) -> None:
        """Insert ``families`` and everything under them."""
        school = self.school
        family_ids = _insert_ids(Family, [f.row for f in families])
        user_ids = self._accounts([a for f in families for a in f.accounts])
        guardians, user_iter = [], iter(user_ids)
        primary_user: dict[int, int] = {}
        for family, family_id in zip(families, family_ids):
            for row in family.guardians:
                user_id = next(user_iter)
                primary_user.setdefault(family_id, user_id)
                guardians.append({**row, "family_id": family_id, "user_id": user_id})
        _insert(Guardian, guardians)
        _insert(SepaMandate, [{**f.mandate, "family_id": fid} for f, fid in zip(families, family_ids) if f.mandate])

        pupils = [(fid, s) for f, fid in zip(families, family_ids) for s in f.students]
        student_ids = _insert_ids(Student, [{**s.row, "family_id": fid} for fid, s in pupils])
        levels, consents = [], []
        for (fid, spec), sid in zip(pupils, student_ids):
            levels += [{"student_id": sid, "school_year_id": school.year_ids[y], "level": lv} for y, lv in spec.levels]
            if spec.consent is not None:
                consents.append({"student_id": sid, "school_year_id": school.year_ids[CURRENT],
                                 "granted": spec.consent, "answered_by_id": primary_user[fid],
                                 "answered_at": CREATED + dt.timedelta(days=4, minutes=sid % 5000),
                                 "text_version": 1})
        _insert(SchoolLevel, levels)
        _insert(ImageRightsConsent, consents)

        enrolments = [(sid, e) for (_, s), sid in zip(pupils, student_ids) for e in s.enrolments]
        enrolment_ids = _insert_ids(Enrolment, [{
            "student_id": sid, "course_id": e.course.id, "school_year_id": e.course.year_id, "status": "active",
            "created_at": dt.datetime(e.course.year, 9, 1, 7, 0)} for sid, e in enrolments])
        evaluations, absences, repertoire, results = [], [], [], []
        for (sid, e), eid in zip(enrolments, enrolment_ids):
            evaluations += [{**row, "enrolment_id": eid} for row in e.evaluations]
            absences += [{**row, "enrolment_id": eid} for row in e.absences]
            repertoire += [{**row, "student_id": sid, "school_year_id": e.course.year_id, "course_id": e.course.id}
                           for row in e.repertoire]
            if e.result:
                results.append({**e.result, "student_id": sid, "school_year_id": e.course.year_id,
                                "enrolment_id": eid, "department_id": e.course.department_id,
                                "teacher_id": e.course.teacher_id})
        _insert(Evaluation, evaluations)
        _insert(Absence, absences)
        _insert(RepertoireItem, repertoire)
        _insert(YearResult, results)
        self._invoices(families, family_ids, pupils, student_ids, dict(zip(map(id, (e for _, e in enrolments)),
                                                                          enrolment_ids)))

    def _accounts(self, accounts: list[dict]) -> list[int]:
        if not self.bulk_accounts:
            return [create_account(**a, role_name=roles.FAMILY, password=None).id for a in accounts]
        ids = _insert_ids(User, [{**a, "active": True, "created_on": CREATED, "changed_on": CREATED}
                                 for a in accounts])
        _insert(assoc_user_role, [{"user_id": uid, "role_id": self.school.family_role_id} for uid in ids])
        return ids

    def _invoices(self, families: list[FamilySpec], family_ids: list[int], pupils: list[tuple[int, StudentSpec]],
                  student_ids: list[int], enrolment_ids: dict[int, int]) -> None:
        """Prepare each trimester's invoice already issued, as the invoicing service would, and its payment.

        They wait in ``pending`` until ``finish`` numbers and inserts them in date order.

        The generated families have no validated quotient-familial certificate, so the tariff
        service's rule gives them tranche 6; discounts come from the active rules (``best_discounts``). Lines,
        labels, periods and generation keys are those of ``billing.invoicing`` (a later generation
        run skips these invoices); numbers come from the numbering service, per calendar year.
        """
        school, rng = self.school, self.rng
        rules = tariffs.active_discount_rules()
        by_family: dict[int, list[tuple[int, StudentSpec]]] = {}
        for (fid, spec), sid in zip(pupils, student_ids):
            by_family.setdefault(fid, []).append((sid, spec))
        invoices, lines_by_invoice, payers = [], [], []
        for family, fid in zip(families, family_ids):
            for year in INVOICE_YEARS:
                enrolled = [(sid, s, e) for sid, s in by_family.get(fid, []) for e in s.enrolments
                            if e.course.year == year]
                if not enrolled:
                    continue
                for trimester, (offset, month, day) in enumerate(TRIMESTERS, start=1):
                    issued = dt.date(year + offset, month, day)
                    if issued > CUTOFF:
                        continue
                    period = invoicing.Period(year, trimester)
                    annuals = [school.tariffs[(year, e.course.category, tariffs.DEFAULT_TRANCHE,
                                               family.row["resident"])] for _, _, e in enrolled]
                    discounts = tariffs.best_discounts(
                        [(sid, enrolment_ids[id(e)], annual) for (sid, _, e), annual in zip(enrolled, annuals)],
                        rules)
                    lines = []
                    for position, ((sid, spec, e), annual, (cut, cut_label)) in enumerate(
                            zip(enrolled, annuals, discounts), start=1):
                        lines.append({
                            "position": position, "student_id": sid, "enrolment_id": enrolment_ids[id(e)],
                            "label": f"{e.course.label} — {spec.row['last_name']} {spec.row['first_name']} "
                                     f"({period.name})",
                            "amount_cents": period.share(annual), "discount_cents": period.share(cut),
                            "discount_label": cut_label,
                        })
                    discount = sum(line["discount_cents"] for line in lines)
                    total = sum(line["amount_cents"] for line in lines) - discount
                    invoices.append({
                        "number": issued.year, "kind": "invoice", "ledger": "cotisations", "family_id": fid,
                        "school_year_id": school.year_ids[year], "period": period.code,
                        "label": invoicing.INVOICE_LABEL, "issued_on": issued,
                        "due_on": issued + dt.timedelta(days=invoicing.PAYMENT_TERM_DAYS), "total_cents": total,
                        "discount_cents": discount, "created_at": dt.datetime.combine(issued, dt.time(6, 0)),
                        "generation_key": invoicing.generation_key(_Reference(family.row["reference"]), period,
                                                                   "cotisations"),
                    })
                    lines_by_invoice.append(lines)
                    paid = year < CURRENT or rng.random() < 0.65
                    payers.append((family, fid, issued, total) if paid and total > 0 else None)
        for row, lines, payer in zip(invoices, lines_by_invoice, payers):
            payment = None
            if payer is not None:
                family, fid, issued, total = payer
                mode = family.row["payment_mode"]
                digits = f"{rng.randrange(10 ** 8):08d}"
                paid_on = issued + dt.timedelta(days=rng.randrange(5, 40))
                payment = {
                    "receipt_number": paid_on.year, "family_id": fid, "ledger": "cotisations", "paid_on": paid_on,
                    "mode": mode, "amount_cents": total, "created_at": dt.datetime.combine(paid_on, dt.time(9, 0)),
                    "operation_number": {"cheque": digits[1:], "carte": f"CB{digits}", "virement": f"VIR{digits}",
                                         "prelevement": f"PRLV{digits}", "especes": None}[mode],
                    "label": f"Règlement {payments_service.PAYMENT_MODES[mode].lower()}",
                }
            self.pending.append((row, lines, payment))

    def finish(self, batch_size: int = 2000) -> None:
        """Insert the invoices and payments kept by ``write``, numbered in date order (then by family)."""
        pending = sorted(self.pending, key=lambda item: (item[0]["issued_on"], item[0]["family_id"]))
        self.pending = []
        paid = []
        for offset in range(0, len(pending), batch_size):
            chunk = pending[offset:offset + batch_size]
            invoices = [row for row, _, _ in chunk]
            _number(invoices, "number", "FC")
            invoice_ids = _insert_ids(Invoice, invoices)
            _insert(InvoiceLine, [{**line, "invoice_id": iid}
                                  for iid, (_, lines, _) in zip(invoice_ids, chunk) for line in lines])
            paid += [(payment, iid) for iid, (_, _, payment) in zip(invoice_ids, chunk) if payment]
        paid.sort(key=lambda item: (item[0]["paid_on"], item[0]["family_id"]))
        for offset in range(0, len(paid), batch_size):
            chunk = paid[offset:offset + batch_size]
            payments = [payment for payment, _ in chunk]
            _number(payments, "receipt_number", "RC")
            payment_ids = _insert_ids(Payment, payments)
            _insert(PaymentAllocation, [{"payment_id": pid, "invoice_id": iid, "amount_cents": payment["amount_cents"]}
                                        for pid, (payment, iid) in zip(payment_ids, chunk)])


@dataclass(frozen=True)
class _Reference:
    """The one attribute ``invoicing.generation_key`` reads of a family."""

    reference: str


def _number(rows: list[dict], key: str, prefix: str) -> None:
    """Replace the year held in ``row[key]`` by the next gap-free number of that year, in row order."""
    years = sorted({row[key] for row in rows})
    for year in years:
        mine = [row for row in rows if row[key] == year]
        for row, number in zip(mine, numbering.reserve(prefix, year, len(mine))):
            row[key] = number


def next_family_number() -> int:
    """Return the first free family number (references are ``F`` and a zero-padded number)."""
    numbers = [int(ref[1:]) for ref in db.session.scalars(select(Family.reference)) if ref[1:].isdigit()]
    return max(numbers, default=0) + 1


def generate_families(school: School, rng: random.Random, sizes: list[int], *, bulk_accounts: bool,
                      batch_size: int = 500, progress: Callable[[int], None] | None = None) -> int:
    """Create one family per entry of ``sizes`` (its number of pupils); return the first family number."""
    factory = FamilyFactory(rng, school)
    writer = Writer(school, rng, bulk_accounts=bulk_accounts)
    start = next_family_number()
    for offset in range(0, len(sizes), batch_size):
        chunk = sizes[offset:offset + batch_size]
        specs = [factory.family(start + offset + i, pupils) for i, pupils in enumerate(chunk)]
        writer.write(specs)
        db.session.flush()
        if progress:
            progress(len(chunk))
    writer.finish()
    db.session.flush()
    return start


def counts() -> dict[str, int]:
    """Return the number of rows of the main tables, for the commands' summaries."""
    current = db.session.scalar(select(SchoolYear.id).where(SchoolYear.is_current.is_(True)))
    models = (("familles", Family), ("élèves", Student), ("responsables", Guardian), ("enseignants", Teacher),
              ("inscriptions", Enrolment), ("évaluations", Evaluation), ("absences", Absence),
              ("résultats annuels", YearResult), ("répertoire", RepertoireItem), ("factures", Invoice),
              ("règlements", Payment), ("comptes", User))
    result = {label: db.session.scalar(select(func.count()).select_from(model)) for label, model in models}
    result["cours (année en cours)"] = db.session.scalar(
        select(func.count()).select_from(Course).where(Course.school_year_id == current))
    return result
