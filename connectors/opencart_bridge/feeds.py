"""Change feeds on OpenCart: which time a product or return list pages by, as a (time, id) keyset.

A feed is a list in modified-time order with ties on a second broken by the record's id, so a page
boundary inside a second neither skips nor repeats a record; windows are ``(modified_from, modified_to]``
(listing.py). A record written after a walk's ``modified_to`` leaves that window and lands in the next,
so a poller that walks fixed windows sees every change once per change.

- ``product.list`` takes ``sort_by=modified_at`` (``p.date_modified``, which OpenCart's ``editProduct``
  and this connector's product writes set) or ``create_at``; ``name``/``price`` answer 120.
- ``return.list`` has no ``sort_by`` in API2Cart's parameters: a ``modified_from``/``modified_to`` window
  pages in ``r.date_modified`` order (``editReturn`` and ``addReturnHistory`` set it), otherwise by id.
- Customers (no ``date_modified`` in any version) and 4.1 categories (no dates) have no feed: their
  modified-time filters answer 120 (people.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gateway.errors import NotSupported

__all__ = ["BY_ID", "FeedOrder", "product_order", "return_order"]


@dataclass(frozen=True, slots=True)
class FeedOrder:
    """How a list is ordered: by id alone, or by a time column then id."""

    time_column: str | None = None  # SQL, e.g. ``p.date_modified``; None: by id
    time_key: str | None = None  # the page row's key holding that time (for the cursor state)

    def order_by(self, id_column: str) -> str:
        """The ORDER BY list: ``time, id`` or ``id``."""
        return f"{self.time_column}, {id_column}" if self.time_column else id_column


BY_ID = FeedOrder()
_PRODUCT_SORTS = {"id": BY_ID, "modified_at": FeedOrder("p.date_modified", "date_modified"),
                  "create_at": FeedOrder("p.date_added", "date_added")}  # fmt: skip


def product_order(params: Any) -> FeedOrder:
    """The order ``product.list`` pages in. Raises NotSupported (120) for name/price or descending sorts."""
    sort = getattr(params, "sort_by", "id")
    if sort not in _PRODUCT_SORTS or getattr(params, "sort_direction", "asc") != "asc":
        raise NotSupported("OpenCart product lists are sorted ascending by id, modified_at or create_at",
                           field="sort_by")  # fmt: skip
    return _PRODUCT_SORTS[sort]


def return_order(params: Any) -> FeedOrder:
    """``return.list`` with a modified-time window pages by (date_modified, return_id), otherwise by id."""
    if getattr(params, "modified_from", None) is not None or getattr(params, "modified_to", None) is not None:
        return FeedOrder("r.date_modified", "date_modified")
    return BY_ID
