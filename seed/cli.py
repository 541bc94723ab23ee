"""``flask seed demo`` and ``flask seed bench``."""
from __future__ import annotations

import click
from flask.cli import AppGroup

seed_group = AppGroup("seed", help="Données de démonstration et de test de charge.")


@seed_group.command("demo")
@click.option("--seed", "seed_value", default=2026, show_default=True, help="Graine aléatoire.")
def demo(seed_value: int) -> None:
    """Create the demo accounts and a realistic small conservatoire."""
    from school.extensions import db
    from seed.demo import print_accounts, seed_demo

    seed_demo(seed=seed_value)
    db.session.commit()
    print_accounts()
