"""``flask seed demo``: the contract's demo data plus a realistic small conservatoire."""
from __future__ import annotations

import random

import click

from seed.activity import seed_activity
from seed.contract import DEMO_ACCOUNTS, seed_contract
from seed.realistic import ensure_school, generate_families

# 300 families: 180 with one pupil, 90 with two, 30 with three = 450 pupils.
FAMILY_SIZES = (1,) * 180 + (2,) * 90 + (3,) * 30


def seed_demo(seed: int = 2026) -> dict:
    """Create the contract's records, then the realistic conservatoire, deterministically for ``seed``.

    Family accounts of the realistic families have no password: they use the "first connection /
    lost password" flow of the portal.
    """
    objects = seed_contract()
    school = ensure_school(objects["ref"])
    rng = random.Random(seed)
    sizes = list(FAMILY_SIZES)
    rng.shuffle(sizes)
    generate_families(school, rng, sizes, bulk_accounts=False)
    objects["school"] = school
    objects["activity"] = seed_activity(rng)
    return objects


def print_accounts() -> None:
    """Print the URLs and demo accounts, as `make run` promises."""
    click.echo("")
    click.echo("Portail des familles : http://127.0.0.1:5000/portail/")
    click.echo("Back-office (personnel) : http://127.0.0.1:5000/login/")
    click.echo("Comptes de démonstration :")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account.role:<14} {account.username:<13} {account.password}")
