"""cashflow/Receivables and cashflow/Payments: open items the ledger maintains.

Open items are written by bookings (see `ledger.journal`); a client may only change their
`Description`, `PaymentMethod` and `PaymentReference` (the spec's PUT flags), and the
change reaches the item's row in `read/financial/ReceivablesList` / `PayablesList`.
"""

from __future__ import annotations

from typing import Final

from exactbridge.emulator.entities.base import Behaviour, Context
from exactbridge.emulator.ledger import journal
from exactbridge.emulator.ledger.openitems import Side
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec

__all__ = ["BEHAVIOURS"]

_BEFORE: Final = "open item before"


class OpenItemBehaviour(Behaviour):
    """Keeps the outstanding-items list in step with a changed open item."""

    def __init__(self, side: Side) -> None:
        self.side = side

    def check_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        ctx.scratch[_BEFORE] = dict(row)

    def after_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        before = ctx.scratch.pop(_BEFORE, None)
        if before is not None:
            journal.mirror_update(ctx, self.side, before, row)


BEHAVIOURS: Final[dict[str, Behaviour]] = {
    journal.ITEMS["receivable"]: OpenItemBehaviour("receivable"),
    journal.ITEMS["payable"]: OpenItemBehaviour("payable"),
}
