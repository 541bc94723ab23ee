"""Billing: tariffs, invoices and credit notes, payments, the family ledger, SEPA, rentals, exports."""
