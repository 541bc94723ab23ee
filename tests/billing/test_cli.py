"""``flask billing …`` commands."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from school import clock
from school.extensions import db
from school.models import Invoice


def test_generate_command_is_idempotent(app, tmp_path):
    clock.freeze(dt.datetime(2027, 1, 5, 9, 0))
    try:
        runner = app.test_cli_runner()
        result = runner.invoke(args=["billing", "generate", "--year", "2026", "--period", "2026-T2"])
        assert result.exit_code == 0, result.output
        assert "2 facture(s) créée(s), 0 déjà émise(s)" in result.output
        again = runner.invoke(args=["billing", "generate", "--year", "2026", "--period", "2026-T2",
                                    "--family", "F00001"])
        assert "0 facture(s) créée(s), 1 déjà émise(s)" in again.output
        assert db.session.scalar(select(func.count()).select_from(Invoice).where(Invoice.period == "2026-T2")) == 2
        bad = runner.invoke(args=["billing", "generate", "--year", "2026", "--period", "T9"])
        assert bad.exit_code != 0 and "Période invalide" in bad.output
        out = tmp_path / "factures.csv"
        done = runner.invoke(args=["billing", "export", "factures", "--output", str(out)])
        assert done.exit_code == 0 and out.read_bytes().startswith(b"\xef\xbb\xbfNum")
    finally:
        clock.freeze(None)
