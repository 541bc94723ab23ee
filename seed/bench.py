"""``flask seed bench``: a large deterministic data set of the demo's shape, for load tests."""
from __future__ import annotations

import random
from collections.abc import Callable

from seed.contract import seed_reference_data
from seed.realistic import ensure_school, generate_families

PUPILS_PER_FAMILY = ((1, 60), (2, 30), (3, 10))  # about 1.5 pupils a family


def seed_bench(families: int, seed: int = 1, progress: Callable[[int], None] | None = None) -> int:
    """Add ``families`` families (with pupils, enrolments, evaluations, invoices); return the first number.

    Works on an empty migrated database (creates the reference data, teachers and courses) and after
    ``seed demo`` (reuses them). Accounts are inserted in bulk, without password.
    """
    school = ensure_school(seed_reference_data())
    rng = random.Random(seed)
    values, weights = zip(*PUPILS_PER_FAMILY)
    sizes = rng.choices(values, weights=weights, k=families)
    return generate_families(school, rng, sizes, bulk_accounts=True, batch_size=1000, progress=progress)
