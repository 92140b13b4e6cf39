"""Categories as API2Cart's ``Category`` schema, and the tree they form through ``parent_id``."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import Field

from connectors.model.base import A2CModel, UtcDateTime
from connectors.model.common import Image

__all__ = ["Category", "category_paths", "check_tree"]


class Category(A2CModel):
    """API2Cart ``Category``. ``parent_id`` is None (or "0" on some carts) for a root category."""

    id: str
    parent_id: str | None = None
    created_at: UtcDateTime | None = None
    modified_at: UtcDateTime | None = None
    name: str = Field(min_length=1)
    short_description: str | None = None
    description: str | None = None
    stores_ids: list[str] = Field(default_factory=list)
    keywords: str | None = None
    meta_description: str | None = None
    meta_title: str | None = None
    avail: bool = True
    path: str | None = Field(default=None, description="Ids from the root down, joined by '/'.")
    seo_url: str | None = None
    sort_order: int | None = None
    images: list[Image] = Field(default_factory=list)


def _is_root(category: Category) -> bool:
    return category.parent_id in (None, "", "0")


def check_tree(categories: Iterable[Category]) -> list[str]:
    """Problems that stop the categories forming a tree: unknown parents and cycles.

    Returns one sentence per problem (empty when the tree is sound); raises nothing.
    """
    by_id = {category.id: category for category in categories}
    problems: list[str] = []
    for category in by_id.values():
        if not _is_root(category) and category.parent_id not in by_id:
            problems.append(f"category {category.id}: parent {category.parent_id} does not exist")
    for start in by_id.values():
        seen: set[str] = set()
        node: Category | None = start
        while node is not None and not _is_root(node):
            if node.id in seen:
                problems.append(f"category {start.id}: its parents form a cycle")
                break
            seen.add(node.id)
            node = by_id.get(node.parent_id or "")
    return problems


def category_paths(categories: Iterable[Category]) -> dict[str, str]:
    """Each category's ``path`` (ids from the root down, '/'-joined). Assumes ``check_tree`` passed."""
    by_id = {category.id: category for category in categories}
    paths: dict[str, str] = {}

    def path_of(category: Category) -> str:
        if category.id not in paths:
            parent = None if _is_root(category) else by_id.get(category.parent_id or "")
            prefix = path_of(parent) + "/" if parent is not None else ""
            paths[category.id] = prefix + category.id
        return paths[category.id]

    for category in by_id.values():
        path_of(category)
    return paths
