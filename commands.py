"""Command-line entry points: ``flask setup``, ``flask seed …``, ``flask mail …``."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext


def register_cli(app: Flask) -> None:
    """Attach the project's commands to ``app``."""
    from seed.cli import seed_group

    app.cli.add_command(seed_group)
    app.cli.add_command(setup)


@click.command("setup")
@click.option("--no-demo", is_flag=True, help="Ne pas créer les données de démonstration.")
@with_appcontext
def setup(no_demo: bool) -> None:
    """Migrate the database, create roles and permissions, seed the demo when the database is empty."""
    from flask_migrate import upgrade

    from backoffice.security import converge
    from school.extensions import db
    from school.models import Family
    from seed.demo import print_accounts, seed_demo

    upgrade()
    converge(current_app.appbuilder)
    db.session.commit()
    if not no_demo and db.session.query(Family.id).first() is None:
        click.echo("Base vide : création des données de démonstration…")
        seed_demo(seed=2026)
        db.session.commit()
    print_accounts()
