"""Command-line entry points: ``flask setup``, ``flask seed …``, ``flask mail …``."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _


def register_cli(app: Flask) -> None:
    """Attach the project's commands to ``app``."""
    from seed.cli import seed_group

    app.cli.add_command(seed_group)
    app.cli.add_command(setup)
    app.cli.add_command(mail_group)
    app.cli.add_command(__import__("billing_cli").billing_group)


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
        click.echo(_("Base vide : création des données de démonstration…"))
        seed_demo(seed=2026)
        db.session.commit()
    print_accounts()


@click.group("mail")
def mail_group() -> None:
    """Send and retry the e-mails of the outbox."""


@mail_group.command("resend")
@click.option("--failed", "include_failed", is_flag=True,
              help="Réessayer aussi les messages abandonnés (statut « failed »).")
@with_appcontext
def mail_resend(include_failed: bool) -> None:
    """Retry delivering pending e-mails (and abandoned ones with --failed)."""
    from school.extensions import db
    from school.models import OutboxMessage
    from school.services.mail import FAILED, PENDING, deliver_pending

    tried = deliver_pending(include_failed=include_failed)
    left = db.session.query(OutboxMessage).filter(OutboxMessage.status.in_([PENDING, FAILED])).count()
    click.echo(_("%(tried)d message(s) traité(s) ; %(left)d en attente ou en échec.", tried=tried, left=left))


@mail_group.command("send-test")
@click.argument("address")
@with_appcontext
def mail_send_test(address: str) -> None:
    """Send a test e-mail to ADDRESS with the current mail settings."""
    from school.extensions import db
    from school.services.mail import deliver_committed, queue_mail

    message = queue_mail(address, "test", _("Message de test du conservatoire"))
    db.session.commit()
    deliver_committed()
    db.session.refresh(message)
    click.echo(_("Message %(id)s vers %(address)s : %(status)s", id=message.id, address=address, status=message.status)
               + (f" ({message.last_error})" if message.last_error else ""))
    if message.status not in ("sent", "stored"):
        raise SystemExit(1)
