"""Walking a platform's list endpoints to the end, each pagination style written once.

- :func:`follow_next_links`: ``links.next`` style (OneCart v2: "follow ``next`` until it is ``null``").
- :func:`walk_pages`: page/limit style that ends on a short page (CartRover's ``limit`` + ``page``), or at
  ``total_pages`` when the platform reports it.

Both take a small fetch function, so they know nothing of HTTP, auth or budgets: the connector's fetch
goes through :class:`gateway.http.client.RestClient`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from gateway.errors import StoreApiError

__all__ = ["LinkedPage", "follow_next_links", "walk_pages"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class LinkedPage(Generic[T]):
    items: Sequence[T]
    next_url: str | None


async def follow_next_links(
    fetch: Callable[[str], Awaitable[LinkedPage[T]]], first_url: str, *, max_pages: int = 100_000
) -> AsyncIterator[T]:
    """Yield every item from ``first_url`` on, following each page's next link until there is none.

    Raises StoreApiError (100) when a next link points back to a page already read (a loop) or the walk
    passes ``max_pages``.
    """
    seen: set[str] = set()
    url: str | None = first_url
    while url is not None:
        if url in seen or len(seen) >= max_pages:
            raise StoreApiError("The platform's pagination links loop back to a page already read")
        seen.add(url)
        page = await fetch(url)
        for item in page.items:
            yield item
        url = page.next_url


async def walk_pages(
    fetch: Callable[[int], Awaitable[Sequence[T]]],
    page_size: int,
    *,
    first_page: int = 1,
    total_pages: Callable[[], int | None] | None = None,
    max_pages: int = 100_000,
) -> AsyncIterator[T]:
    """Yield every item of pages ``first_page, first_page + 1, ...`` until a page holds fewer than
    ``page_size`` items (or ``total_pages()`` is reached when the platform reports it).

    Raises StoreApiError (100) when a page holds more than ``page_size`` items (the platform ignored the
    limit, so a short page can no longer mark the end) or the walk passes ``max_pages``.
    """
    page = first_page
    while True:
        if page - first_page >= max_pages:
            raise StoreApiError("The platform kept returning full pages past the page limit")
        items = await fetch(page)
        if len(items) > page_size:
            raise StoreApiError(f"The platform returned {len(items)} items for a page of {page_size}")
        for item in items:
            yield item
        last = total_pages() if total_pages is not None else None
        if len(items) < page_size or (last is not None and page >= last):
            return
        page += 1
