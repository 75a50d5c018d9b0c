"""Pure mappers between Exact's JSON rows and the unified model, both ways.

Input: one row as plain JSON, exactly as `exactbridge.wire.loads` parses Exact's response
(`/Date(ms)/` strings in Amsterdam wall-clock time, JSON numbers, space-padded codes). This
layer sits beside `exactbridge.client` and must not import it, so it decodes with
`exactbridge.wire`. Output of `*_to_exact`: a JSON-ready POST/PUT body holding only the
properties the endpoint lets that method set. One module per resource family, all built on
the `ResourceMap` tables of `_core`.
"""

from __future__ import annotations

from exactbridge.mappers._codecs import (
    CODE,
    DAY,
    FLAG,
    GUID,
    INSTANT,
    INTEGER,
    NUMBER,
    TEXT,
    Choice,
    Codec,
)
from exactbridge.mappers._core import FieldMap, LinesMap, Method, ResourceMap
from exactbridge.mappers.companies import COMPANY_MAP, company_from_exact
from exactbridge.mappers.ledger import (
    FISCAL_PERIOD_MAP,
    JOURNAL_MAP,
    LEDGER_ACCOUNT_MAP,
    PAYMENT_TERM_MAP,
    TAX_RATE_MAP,
    fiscal_period_from_exact,
    journal_from_exact,
    ledger_account_from_exact,
    ledger_account_to_exact,
    payment_term_from_exact,
    payment_term_to_exact,
    tax_rate_from_exact,
)
from exactbridge.mappers.parties import (
    ADDRESS_MAP,
    CONTACT_MAP,
    CUSTOMER_MAP,
    SUPPLIER_MAP,
    address_from_exact,
    address_to_exact,
    contact_from_exact,
    contact_to_exact,
    customer_from_exact,
    customer_to_exact,
    is_customer_row,
    is_supplier_row,
    supplier_from_exact,
    supplier_to_exact,
)

__all__ = [
    "ADDRESS_MAP",
    "CODE",
    "COMPANY_MAP",
    "CONTACT_MAP",
    "CUSTOMER_MAP",
    "DAY",
    "FISCAL_PERIOD_MAP",
    "FLAG",
    "GUID",
    "INSTANT",
    "INTEGER",
    "JOURNAL_MAP",
    "LEDGER_ACCOUNT_MAP",
    "NUMBER",
    "PAYMENT_TERM_MAP",
    "SUPPLIER_MAP",
    "TAX_RATE_MAP",
    "TEXT",
    "Choice",
    "Codec",
    "FieldMap",
    "LinesMap",
    "Method",
    "ResourceMap",
    "address_from_exact",
    "address_to_exact",
    "company_from_exact",
    "contact_from_exact",
    "contact_to_exact",
    "customer_from_exact",
    "customer_to_exact",
    "fiscal_period_from_exact",
    "is_customer_row",
    "is_supplier_row",
    "journal_from_exact",
    "ledger_account_from_exact",
    "ledger_account_to_exact",
    "payment_term_from_exact",
    "payment_term_to_exact",
    "supplier_from_exact",
    "supplier_to_exact",
    "tax_rate_from_exact",
]
