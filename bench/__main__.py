"""Build a temporary SQLite database with the demo and a large data set, then time a few pages.

``python -m bench [--families 2000] [--requests 40] [--seconds 20]``: every page is requested through
Flask's test client (no network), a bounded number of times and for a bounded time; the median and
95th percentile are printed and written as JSON under ``bench/results/``.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask, url_for
from flask.testing import FlaskClient

RESULTS = Path(__file__).resolve().parent / "results"


def build_app(folder: Path, families: int, seed: int) -> tuple[Flask, dict[str, float]]:
    """Create the app on a new database in ``folder``: migrate, roles, demo, then ``families`` more."""
    import click
    from flask_migrate import upgrade

    from app import create_app
    from backoffice.security import converge
    from school.extensions import db
    from seed.bench import seed_bench
    from seed.demo import seed_demo

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}", "SECRET_KEY": "bench-secret-key",
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "UPLOAD_FOLDER": str(folder / "uploads"),
        "MAIL_FOLDER": str(folder / "mail"), "MAIL_SERVER": "",
    })
    timings = {}
    with app.app_context():
        started = time.perf_counter()
        upgrade()
        converge(app.appbuilder)
        db.session.commit()
        timings["migrate_s"] = time.perf_counter() - started
        started = time.perf_counter()
        seed_demo(seed=2026)
        db.session.commit()
        timings["seed_demo_s"] = time.perf_counter() - started
        started = time.perf_counter()
        with click.progressbar(length=families, label="Familles (seed bench)") as bar:
            seed_bench(families, seed=seed, progress=bar.update)
        db.session.commit()
        timings["seed_bench_s"] = time.perf_counter() - started
        db.session.remove()
    return app, timings


def list_url(app: Flask, model: type, **query: str) -> str | None:
    """Return the back-office list URL of ``model`` (FAB view found by its model), with ``query``."""
    for view in app.appbuilder.baseviews:
        datamodel = getattr(view, "datamodel", None)
        if datamodel is not None and datamodel.obj is model and hasattr(view, "list"):
            with app.test_request_context():
                return url_for(f"{view.endpoint}.list", **query)
    return None


def contains_filter(app: Flask, model: type, column: str, value: str) -> dict[str, str]:
    """Return the FAB query arguments of a "contains" search on ``column``."""
    for view in app.appbuilder.baseviews:
        datamodel = getattr(view, "datamodel", None)
        if datamodel is not None and datamodel.obj is model and hasattr(view, "list"):
            with app.app_context():
                filters = datamodel.get_filters(view.search_columns).get_search_filters().get(column, [])
            for index, flt in enumerate(filters):
                if type(flt).__name__ == "FilterContains":
                    return {f"_flt_{index}_{column}": value}
    return {}


def measure(name: str, request: Callable[[], int], count: int, seconds: float) -> dict:
    """Call ``request`` once to warm up, then at most ``count`` times or ``seconds``; return statistics."""
    statuses = [request()]
    durations: list[float] = []
    deadline = time.perf_counter() + seconds
    while len(durations) < count and time.perf_counter() < deadline:
        started = time.perf_counter()
        statuses.append(request())
        durations.append((time.perf_counter() - started) * 1000)
    ordered = sorted(durations)
    return {
        "name": name, "requests": len(durations), "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1),
        "max_ms": round(ordered[-1], 1), "statuses": sorted(set(statuses)),
    }


def scenarios(app: Flask) -> list[tuple[str, FlaskClient, str]]:
    """Return (name, logged-in client, URL) of every page measured."""
    from school.models import Family, Student
    from seed.contract import DEMO_ACCOUNTS

    passwords = {a.username: a.password for a in DEMO_ACCOUNTS}
    visitor = app.test_client()
    family = app.test_client()
    response = family.post("/portail/connexion", data={"username": "ztest1", "password": passwords["ztest1"]})
    if response.status_code not in (302, 303):
        sys.exit(f"Connexion au portail de ztest1 impossible (HTTP {response.status_code}).")
    staff = app.test_client()
    response = staff.post("/login/", data={"username": "admin", "password": passwords["admin"]})
    if response.status_code not in (302, 303):
        sys.exit(f"Connexion au back-office d'admin impossible (HTTP {response.status_code}).")
    result = [("portail : page de connexion", visitor, "/portail/connexion"),
              ("portail : accueil (ztest1)", family, "/portail/accueil")]
    for label, model, column, value in (("familles", Family, "name", "MART"),
                                        ("élèves", Student, "last_name", "MART")):
        page = list_url(app, model)
        search = list_url(app, model, **contains_filter(app, model, column, value))
        if page is None:
            print(f"Vue liste des {label} introuvable dans le back-office : mesure sautée.")
            continue
        result.append((f"back-office : liste des {label}, page 1", staff, page))
        result.append((f"back-office : liste des {label}, recherche « {value} »", staff, search or page))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=2000, help="familles ajoutées par seed bench")
    parser.add_argument("--seed", type=int, default=1, help="graine de seed bench")
    parser.add_argument("--requests", type=int, default=40, help="requêtes mesurées par page (maximum)")
    parser.add_argument("--seconds", type=float, default=20.0, help="durée maximale par page")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="conservatoire-bench-") as tmp:
        app, timings = build_app(Path(tmp), args.families, args.seed)
        # No app context around the requests: each request gets its own, so ``g`` (and the logged-in
        # user Flask-Login caches there) never leaks from one client to another.
        rows = [measure(name, lambda c=client, u=url: c.get(u).status_code, args.requests, args.seconds)
                | {"url": url} for name, client, url in scenarios(app)]
        from school.extensions import db

        with app.app_context():
            db.engine.dispose()

    report = {"families": args.families, "seed": args.seed, "database": "sqlite", "python": platform.python_version(),
              "machine": platform.machine(), "setup": {k: round(v, 1) for k, v in timings.items()}, "pages": rows}
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"bench-{time.strftime('%Y%m%d-%H%M%S')}-{args.families}.json"
    target.write_text(json.dumps(report, ensure_ascii=False, indent=2))

    print(f"\nPréparation : {', '.join(f'{k} {v:.1f} s' for k, v in timings.items())}")
    print(f"{'page':<52} {'req.':>5} {'médiane':>9} {'p95':>9} {'max':>9}  statuts")
    for row in rows:
        print(f"{row['name']:<52} {row['requests']:>5} {row['median_ms']:>7.1f}ms {row['p95_ms']:>7.1f}ms "
              f"{row['max_ms']:>7.1f}ms  {','.join(map(str, row['statuses']))}")
    print(f"Résultats : {target}")
    if any(row["statuses"] != [200] for row in rows):
        print("Attention : certaines pages n'ont pas répondu 200 (voir la colonne statuts).")
    return 0 if all(row["statuses"] == [200] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
