"""``flask billing …``: generate invoices, export SEPA direct debits and accounting files."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from school.errors import DomainError


@click.group("billing", help="Facturation : génération des factures, prélèvements SEPA, exports comptables.")
def billing_group() -> None:
    """Group the billing commands."""


def _family(reference: str | None):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from school.extensions import db
    from school.models import Family

    if reference is None:
        return None
    family = db.session.scalar(select(Family).where(Family.reference == reference))
    if family is None:
        raise click.ClickException(_("Famille %(ref)s introuvable.", ref=reference))
    return family


@billing_group.command("generate")
@click.option("--year", type=int, required=True, help="Année scolaire (année de début, ex. 2026).")
@click.option("--period", required=True, help="Période : 2026 (année) ou 2026-T1, 2026-T2, 2026-T3.")
@click.option("--family", "reference", default=None, help="Référence d'une seule famille (ex. F00001).")
@with_appcontext
def generate(year: int, period: str, reference: str | None) -> None:
    """Generate the missing invoices of a period (idempotent), with a progress bar."""
    from school.extensions import db
    from school.services.billing.invoicing import generate_invoices

    family = _family(reference)
    with click.progressbar(length=1, label=_("Génération des factures")) as bar:
        state = {"done": 0}

        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - state["done"])
            state["done"] = done

        try:
            result = generate_invoices(year, period, family=family, progress=progress)
        except DomainError as err:
            db.session.rollback()
            raise click.ClickException(str(err)) from err
    db.session.commit()
    click.echo(_("%(created)d facture(s) créée(s), %(already)d déjà émise(s), %(nothing)d sans objet, "
                 "%(errors)d erreur(s).", created=len(result.created), already=result.already_invoiced,
                 nothing=result.nothing_to_invoice, errors=len(result.errors)))
    for message in result.errors:
        click.echo("  " + _("erreur : %(message)s", message=message), err=True)


@billing_group.command("sepa")
@click.option("--date", "collection_date", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]), required=True,
              help="Date d'échéance du prélèvement.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), required=True,
              help="Fichier XML pain.008 à écrire.")
@with_appcontext
def sepa_export(collection_date: dt.datetime, output: str) -> None:
    """Build and record the pain.008 direct-debit file of a due date."""
    from school.extensions import db
    from school.services.billing.sepa import export_direct_debits

    try:
        export = export_direct_debits(collection_date.date())
    except DomainError as err:
        db.session.rollback()
        raise click.ClickException(str(err)) from err
    Path(output).write_text(export.xml, encoding="utf-8")
    db.session.commit()
    click.echo(_("%(num)d prélèvement(s), %(amount)s € : %(file)s", num=export.transaction_count,
                 amount=format(export.total_cents / 100, ".2f"), file=output))


@billing_group.command("export")
@click.argument("what", type=click.Choice(["factures", "reglements", "compte"]))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Depuis (AAAA-MM-JJ).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Jusqu'au (AAAA-MM-JJ).")
@click.option("--family", "reference", default=None, help="Famille (obligatoire pour « compte »).")
@click.option("--ledger", type=click.Choice(["cotisations", "locations"]), default="cotisations")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), required=True)
@with_appcontext
def export(what: str, fmt: str, start: dt.datetime | None, end: dt.datetime | None, reference: str | None,
           ledger: str, output: str) -> None:
    """Write invoices, payments or one family ledger as CSV or XLSX for the accounting software."""
    from school.services.billing import exports

    if what == "factures":
        table = exports.invoices_table(start and start.date(), end and end.date())
    elif what == "reglements":
        table = exports.payments_table(start and start.date(), end and end.date())
    else:
        if reference is None:
            raise click.ClickException(_("Indiquez la famille avec --family."))
        table = exports.ledger_table(_family(reference), ledger)
    Path(output).write_bytes(exports.FORMATS[fmt][0](table))
    click.echo(_("%(num)d ligne(s) écrite(s) dans %(file)s", num=len(table.rows), file=output))
