"""``flask seed demo`` and ``flask seed bench`` on empty migrated SQLite databases (not the template)."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask_appbuilder.security.sqla.models import User
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from school.extensions import db
from school.models import (
    ChangeRequest, Course, Discipline, Enrolment, Evaluation, Family, Guardian, Instrument, Invoice,
    OutboxMessage, Payment, ReenrolmentRequest, Rental, Room, SchoolYear, SepaExport, Site, Student, Teacher,
)
from school.services import numbering, password_policy, roles
from seed.contract import DEMO_ACCOUNTS
from tests.conftest import base_overrides

pytestmark = pytest.mark.sqlite_only
CONTRACT_FAMILIES = ("F00001", "F00002")


def _app(folder: Path) -> Flask:
    from app import create_app

    folder.mkdir(parents=True, exist_ok=True)
    # A cheap hash keeps the seven demo accounts fast to create; check_password_hash reads any method.
    return create_app({**base_overrides(folder), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'db.sqlite'}",
                       "FAB_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})


@contextmanager
def _context(app: Flask) -> Iterator[None]:
    with app.app_context():
        try:
            yield
        finally:
            db.session.remove()
            db.engine.dispose()  # closes SQLite cleanly, so the file can be copied


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database migrated by Alembic, with roles and permissions (built once, then copied)."""
    from flask_migrate import upgrade

    from backoffice.security import converge

    folder = tmp_path_factory.mktemp("empty")
    app = _app(folder)
    with _context(app):
        upgrade()
        converge(app.appbuilder)
        db.session.commit()
    return folder / "db.sqlite"


def _empty_database(empty: Path, folder: Path) -> Flask:
    """Return an app on a fresh copy of the empty migrated database."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(empty, folder / "db.sqlite")
    return _app(folder)


def _demo_database(empty: Path, folder: Path, seed: int) -> Flask:
    app = _empty_database(empty, folder)
    result = app.test_cli_runner().invoke(args=["seed", "demo", "--seed", str(seed)])
    assert result.exit_code == 0, result.output
    assert "familles" in result.output and "ztest1" in result.output
    return app


def _snapshot() -> dict:
    """What a person comparing two demo databases would look at: families, pupils, counts."""
    families = [
        (f.reference, f.name, f.qf_tranche, f.resident, f.payment_mode,
         tuple(g.full_name for g in f.guardians), tuple((s.full_name, s.birth_date) for s in f.students))
        for f in db.session.scalars(select(Family).order_by(Family.reference))
    ]
    counts = {model.__name__: db.session.scalar(select(func.count()).select_from(model))
              for model in (Family, Student, Guardian, Enrolment, Evaluation, Invoice, Payment)}
    return {"families": families, "counts": counts}


@pytest.fixture(scope="module")
def demo_app(empty_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """A database seeded once by ``flask seed demo --seed 2026``."""
    return _demo_database(empty_database, tmp_path_factory.mktemp("demo-a"), 2026)


def test_demo_creates_the_announced_conservatoire(backend: str, demo_app: Flask) -> None:
    with _context(demo_app):
        current = db.session.scalar(select(SchoolYear).where(SchoolYear.is_current.is_(True)))
        assert current.label == "2026/2027"
        count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
        assert count(Site) == 4
        assert count(Room) >= 12
        assert db.session.scalar(select(func.count()).select_from(Room).where(Room.name == "Debussy")) == 1
        assert count(Discipline) == 25
        assert count(Teacher) == 30
        assert db.session.scalar(select(func.count()).select_from(Course)
                                 .where(Course.school_year_id == current.id)) == 120
        for label in ("2024/2025", "2025/2026"):
            year_id = db.session.scalar(select(SchoolYear.id).where(SchoolYear.label == label))
            assert db.session.scalar(select(func.count()).select_from(Course)
                                     .where(Course.school_year_id == year_id)) == 120
        realistic = select(Family.id).where(Family.reference.not_in(CONTRACT_FAMILIES))
        assert db.session.scalar(select(func.count()).select_from(realistic.subquery())) == 300
        assert db.session.scalar(select(func.count()).select_from(Student)
                                 .where(Student.family_id.in_(realistic))) == 450
        # Some non-resident families, every QF tranche, several payment modes.
        assert db.session.scalar(select(func.count()).select_from(Family).where(Family.resident.is_(False))) > 0
        assert set(db.session.scalars(select(Family.qf_tranche).distinct())) == {1, 2, 3, 4, 5, 6}
        assert len(set(db.session.scalars(select(Family.payment_mode).distinct()))) == 5
        # Pedagogical history over three years, invoices with payments.
        years = set(db.session.scalars(select(SchoolYear.label).join(Enrolment.school_year).distinct()))
        assert {"2024/2025", "2025/2026", "2026/2027"} <= years
        assert count(Evaluation) > 450
        assert count(Payment) > 300
        # Invoice numbers stay gap-free: FC2026-00001 … FC2026-000NN, and the counter agrees.
        numbers = sorted(db.session.scalars(select(Invoice.number).where(Invoice.number.like("FC2026-%"))))
        assert numbers == [f"FC2026-{n:05d}" for n in range(1, len(numbers) + 1)]
        assert numbering.peek("FC", 2026) == len(numbers)
        generated = db.session.scalars(select(Invoice.issued_on).join(Invoice.family)
                                       .where(Family.reference.not_in(CONTRACT_FAMILIES)).order_by(Invoice.number))
        dates = list(generated)
        assert dates == sorted(dates)  # numbered in date order, as an accountant expects
        # Addresses around Vitré, in the town list.
        assert db.session.scalar(select(func.count()).select_from(Guardian).where(
            Guardian.postal_code == "35370", Guardian.city == "ARGENTRE-DU-PLESSIS")) > 0
        # Day-to-day activity, so that no back-office list of the demo is empty.
        assert count(Instrument) == 12 and count(Rental) == 7
        assert db.session.scalar(select(func.count()).select_from(Invoice).where(Invoice.ledger == "locations")) == 7
        assert count(SepaExport) == 1
        assert db.session.scalar(select(func.count()).select_from(ChangeRequest)
                                 .where(ChangeRequest.status == "pending")) == 1
        assert count(OutboxMessage) >= 1  # the acknowledgement of that change
        assert count(ReenrolmentRequest) == 12


def test_demo_accounts_log_in_and_family_accounts_wait_for_first_connection(backend: str, demo_app: Flask) -> None:
    with _context(demo_app):
        ztest = db.session.scalar(select(User).where(User.username == "ztest1"))
        assert check_password_hash(ztest.password, "Famille-Demo-2026")
        for account in DEMO_ACCOUNTS:
            assert password_policy.check(account.password) == [], account.username
            user = db.session.scalar(select(User).where(User.username == account.username))
            assert check_password_hash(user.password, account.password), account.username
        realistic = db.session.scalars(
            select(Guardian).join(Guardian.family).where(Family.reference.not_in(CONTRACT_FAMILIES))).all()
        assert realistic and all(g.user is not None for g in realistic)
        assert all(g.user.password is None for g in realistic)
        assert all([r.name for r in g.user.roles] == [roles.FAMILY] for g in realistic)


def test_demo_invoices_are_those_the_invoicing_service_computes(backend: str, demo_app: Flask) -> None:
    from school.services.billing import invoicing

    with _context(demo_app):
        families = db.session.scalars(select(Family).where(Family.reference.in_(
            ("F00003", "F00050", "F00150", "F00302")))).all()
        year = invoicing.school_year_of(2026)
        discounted = 0
        for family in families:
            seeded = db.session.scalar(select(Invoice).where(Invoice.family_id == family.id,
                                                            Invoice.period == "2026-T1"))
            expected = invoicing.build_lines(family, year, invoicing.Period(2026, 1), "cotisations")
            assert [(line.label, line.amount_cents, line.discount_cents) for line in seeded.lines] == \
                [(line.label, line.amount_cents, line.discount_cents) for line in expected]
            assert seeded.total_cents == sum(line.amount_cents - line.discount_cents for line in expected)
            assert seeded.discount_cents == sum(line.discount_cents for line in expected)
            discounted += seeded.discount_cents > 0
            result = invoicing.generate_invoices(2026, "2026-T1", family=family, issued_on=seeded.issued_on,
                                                 ledgers=("cotisations",))
            assert result.created == [] and result.already_invoiced == 1
        assert discounted >= 1  # the demo's "Remise 2e élève" reaches the generated families too
        contract = db.session.scalars(select(Family).where(Family.reference.in_(CONTRACT_FAMILIES))).all()
        for family in contract:
            result = invoicing.generate_invoices(2026, "2026-T1", family=family)
            assert result.created == [] and result.already_invoiced == 1
        db.session.rollback()


def test_demo_is_deterministic_for_a_seed(backend: str, demo_app: Flask, empty_database: Path,
                                          tmp_path: Path) -> None:
    with _context(demo_app):
        first = _snapshot()
    same = _demo_database(empty_database, tmp_path / "b", 2026)
    with _context(same):
        assert _snapshot() == first
    other = _demo_database(empty_database, tmp_path / "c", 7)
    with _context(other):
        different = _snapshot()
    assert different["counts"]["Family"] == first["counts"]["Family"]
    assert different["families"] != first["families"]


def test_bench_adds_families_after_the_demo(backend: str, demo_app: Flask, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copyfile(Path(demo_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")), copy / "db.sqlite")
    app = _app(copy)
    result = app.test_cli_runner().invoke(args=["seed", "bench", "--families", "200"])
    assert result.exit_code == 0, result.output
    assert "200 familles créées (F00303 à F00502)" in result.output
    with _context(app):
        assert db.session.scalar(select(func.count()).select_from(Family)) == 302 + 200
        assert db.session.scalar(select(func.count()).select_from(Teacher)) == 30
        numbers = sorted(db.session.scalars(select(Invoice.number).where(Invoice.number.like("FC2026-%"))))
        assert numbers == [f"FC2026-{n:05d}" for n in range(1, len(numbers) + 1)]
        pupils = db.session.scalar(select(func.count()).select_from(Student).join(Student.family)
                                   .where(Family.reference >= "F00303"))
        assert 250 <= pupils <= 350  # about 1.5 pupils a family
        assert db.session.scalar(select(User).where(User.username == "ztest1")) is not None


def test_bench_runs_on_an_empty_database(backend: str, empty_database: Path, tmp_path: Path) -> None:
    app = _empty_database(empty_database, tmp_path)
    result = app.test_cli_runner().invoke(args=["seed", "bench", "--families", "50", "--seed", "3"])
    assert result.exit_code == 0, result.output
    with _context(app):
        assert db.session.scalar(select(func.count()).select_from(Family)) == 50
        assert db.session.scalar(select(func.count()).select_from(Discipline)) == 25
        assert db.session.scalar(select(func.count()).select_from(Teacher)) == 30
        assert db.session.scalar(select(func.count()).select_from(Invoice)) > 0
        with_account = select(func.count()).select_from(Guardian).where(Guardian.user_id.is_not(None))
        assert db.session.scalar(with_account) == db.session.scalar(select(func.count()).select_from(Guardian))
