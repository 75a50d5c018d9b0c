"""`exactbridge.client`: an async client for the real Exact Online API.

```python
from exactbridge.client import ExactClient, Query, F

async with ExactClient(base_url=..., client_id=..., connection=..., tokens=...) as exact:
    async for account in exact.records(division, Query("crm/Accounts").where(F("City") == "Gouda")):
        print(account.value("Name"))
```

Built from small modules, each with one job: `_odata` (query building and envelope
parsing), `_pagination` (following `__next`), `_auth` and `_tokens` (OAuth and the token
store), `_budget` (rate-limit budgets; their state and store in `_budget_state`, the
headers in `_rate_headers`, the window's timing in `_window_timing`), `_retry` (which
failures to retry, and when), `_models` (typed wire models from the endpoint registry)
and `_client` (the pipeline).
"""

from __future__ import annotations

from exactbridge.client._auth import REGIONS, OAuthApp, authorization_url, exchange_code
from exactbridge.client._budget import Budget, BudgetStore, MemoryBudgetStore
from exactbridge.client._client import ExactClient
from exactbridge.client._models import WireModel, decode_row, encode_for, model_for
from exactbridge.client._odata import Envelope, F, Query, literal, parse_envelope
from exactbridge.client._pagination import PageCursor, TimestampCursor
from exactbridge.client._retry import RetryPolicy
from exactbridge.client._tokens import (
    FileTokenStore,
    MemoryTokenStore,
    TokenManager,
    TokenPair,
    TokenStore,
)

__all__ = [
    "REGIONS",
    "Budget",
    "BudgetStore",
    "Envelope",
    "ExactClient",
    "F",
    "FileTokenStore",
    "MemoryBudgetStore",
    "MemoryTokenStore",
    "OAuthApp",
    "PageCursor",
    "Query",
    "RetryPolicy",
    "TimestampCursor",
    "TokenManager",
    "TokenPair",
    "TokenStore",
    "WireModel",
    "authorization_url",
    "decode_row",
    "encode_for",
    "exchange_code",
    "literal",
    "model_for",
    "parse_envelope",
]
