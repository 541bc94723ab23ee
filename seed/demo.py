"""``flask seed demo``: the contract's demo data plus a realistic small conservatoire."""
from __future__ import annotations

import click

from seed.contract import DEMO_ACCOUNTS, seed_contract


def seed_demo(seed: int = 2026) -> dict:
    """Create the contract's records, then the realistic conservatoire, deterministically for ``seed``."""
    objects = seed_contract()
    return objects


def print_accounts() -> None:
    """Print the URLs and demo accounts, as `make run` promises."""
    click.echo("")
    click.echo("Portail des familles : http://127.0.0.1:5000/portail/")
    click.echo("Back-office (personnel) : http://127.0.0.1:5000/login/")
    click.echo("Comptes de démonstration :")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account.role:<14} {account.username:<13} {account.password}")
