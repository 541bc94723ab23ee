"""``flask seed demo`` and ``flask seed bench``."""
from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

seed_group = AppGroup("seed", help="Données de démonstration et de test de charge.")


def _summary(started: float, cpu_started: float) -> None:
    from seed.realistic import counts

    click.echo(_("Terminé en %(total).1f s (dont %(cpu).1f s de calcul). Contenu de la base :",
                 total=time.perf_counter() - started, cpu=time.process_time() - cpu_started))
    for label, value in counts().items():
        click.echo(f"  {label:<24} {value:>8}")


@seed_group.command("demo")
@click.option("--seed", "seed_value", default=2026, show_default=True, help="Graine aléatoire.")
def demo(seed_value: int) -> None:
    """Create the demo accounts and a realistic small conservatoire."""
    from school.extensions import db
    from seed.demo import print_accounts, seed_demo

    from school.models import Family

    if db.session.query(Family.id).first() is not None:
        raise click.ClickException(_("La base contient déjà des familles : les données de démonstration se créent "
                                     "sur une base vide (flask setup --no-demo, puis flask seed demo)."))
    started, cpu_started = time.perf_counter(), time.process_time()
    seed_demo(seed=seed_value)
    db.session.commit()
    _summary(started, cpu_started)
    print_accounts()


@seed_group.command("bench")
@click.option("--families", default=10_000, show_default=True, type=click.IntRange(1, 1_000_000),
              help="Nombre de familles à créer.")
@click.option("--seed", "seed_value", default=1, show_default=True, help="Graine aléatoire.")
def bench(families: int, seed_value: int) -> None:
    """Add a large deterministic data set (families, pupils, enrolments, evaluations, invoices)."""
    from school.extensions import db
    from seed.bench import seed_bench

    started, cpu_started = time.perf_counter(), time.process_time()
    with click.progressbar(length=families, label=_("Familles")) as bar:
        first = seed_bench(families, seed=seed_value, progress=bar.update)
    db.session.commit()
    click.echo(_("%(num)d familles créées (%(first)s à %(last)s).", num=families, first="F%05d" % first,
                 last="F%05d" % (first + families - 1)))
    _summary(started, cpu_started)
