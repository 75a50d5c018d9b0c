"""`exactbridge.client`: an async client for the real Exact Online API (issue 4, in progress).

Built from small modules, each with one job: `_odata` (query building and envelope
parsing), `_pagination` (following `__next`), `_auth` and `_tokens` (OAuth and the token
store), `_budget` (rate-limit budgets) and `_retry` (which failures to retry, and when).
"""

from __future__ import annotations
