"""Accounting exports: CSV with ";" and BOM and French decimals; XLSX readable with real numbers."""
from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from school.services.billing import exports


def test_invoices_csv_is_french(app):
    data = exports.to_csv(exports.invoices_table())
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Numéro;Type;Date;Échéance;Famille")
    assert lines[1] == "FC2026-00001;Facture;01/10/2026;31/10/2026;F00001;Z-TEST;cotisations;2026-T1;77,00;0,00;77,00;"
    assert lines[2].endswith(";308,00;30,80;277,20;")


def test_payments_and_ledger_exports(ztest):
    text = exports.to_csv(exports.payments_table(dt.date(2026, 11, 1), dt.date(2026, 11, 30))).decode("utf-8-sig")
    assert "RC2026-00001;09/11/2026;F00001;Z-TEST;cotisations;Chèque;98135;77,00;FC2026-00001" in text
    assert exports.payments_table(dt.date(2026, 12, 1)).rows == []
    ledger = exports.to_csv(exports.ledger_table(ztest)).decode("utf-8-sig").splitlines()
    assert ledger[1] == "01/10/2026;;FC2026-00001;AVIS DES SOMMES A PAYER;77,00;;"
    assert ledger[-1] == ";;;Solde;0,00;;"


def test_xlsx_has_numbers_and_dates(app):
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(exports.invoices_table()))).active
    assert sheet.title == "Factures"
    assert sheet["A2"].value == "FC2026-00001"
    assert sheet["C2"].value.date() == dt.date(2026, 10, 1)
    assert Decimal(str(sheet["K2"].value)) == Decimal("77.00") and sheet["K2"].number_format == "#,##0.00"
