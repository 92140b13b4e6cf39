"""OpenCart's category closure table and 4.1's path-keyed SEO rows, recomputed for a moved subtree.

Pure functions over rows already read, so the write can be decided before anything is sent.
``oc_category_path`` holds, for each category, every ancestor from the top (``level`` 0) down to the
category itself. Moving category C under parent P gives every category X of C's subtree the path
``path(P) + path(X from C down)``: what 3.x's ``editCategory`` writes with its REPLACE loop and what
4.1's ``editCategory`` + ``repairCategories`` rebuild from ``parent_id``.

4.1 keys category SEO rows by the path (``key='path'``, ``value='20_27'``) with keyword
``parent keyword/own keyword``; a move rewrites the value and keyword prefix of the whole subtree,
as 4.1's ``editCategory`` does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["SeoRow", "moved_paths", "moved_seo", "path_text", "paths_by_category"]

PathRows = dict[int, list[int]]  # category_id -> path ids from the top, the category last


def paths_by_category(rows: Iterable[Mapping[str, Any]]) -> PathRows:
    """``category_path`` rows (category_id, path_id, level) as each category's path from the top."""
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        found[int(row["category_id"])].append((int(row["level"]), int(row["path_id"])))
    return {category: [path_id for _, path_id in sorted(levels)] for category, levels in found.items()}


def path_text(path: list[int]) -> str:
    """4.1's ``getPath``: the ids joined by ``_``."""
    return "_".join(str(one) for one in path)


def moved_paths(category_id: int, subtree: PathRows, parent_path: list[int]) -> PathRows:
    """The new path of every category of ``category_id``'s subtree under a parent whose path is given.

    ``subtree`` is the current paths of the categories whose path holds ``category_id``; a category
    without path rows gets ``parent path + itself`` (OpenCart's "fix for records with no paths").
    """
    if category_id not in subtree:
        return {category_id: [*parent_path, category_id]}
    moved: PathRows = {}
    for member, path in subtree.items():
        below = path[path.index(category_id):]
        moved[member] = [*parent_path, *below]
    return moved


@dataclass(frozen=True, slots=True)
class SeoRow:
    """One 4.1 category SEO row."""

    store_id: int
    language_id: int
    value: str
    keyword: str


def _own(keyword: str) -> str:
    return keyword.rsplit("/", 1)[-1]


def moved_seo(old_path: str, new_path: str, rows: Iterable[SeoRow], parent_keywords: Mapping[tuple[int, int], str],
              own_keywords: Mapping[tuple[int, int], str]) -> list[SeoRow]:  # fmt: skip
    """The subtree's SEO rows after the category at ``old_path`` moves to ``new_path`` (4.1).

    ``rows`` are the rows of the category (value = old_path) and its descendants (value starting
    ``old_path_``); ``parent_keywords`` the new parent's keyword per (store, language); ``own_keywords``
    a new own keyword per (store, language), which also adds a row where the category had none.
    """
    rows = list(rows)
    old_keyword = {(r.store_id, r.language_id): r.keyword for r in rows if r.value == old_path}
    new_keyword: dict[tuple[int, int], str] = {}
    for key in {*old_keyword, *own_keywords}:
        own = own_keywords.get(key) or _own(old_keyword[key])
        new_keyword[key] = f"{parent_keywords[key]}/{own}" if parent_keywords.get(key) else own
    result = [SeoRow(store, language, new_path, keyword) for (store, language), keyword in sorted(new_keyword.items())]
    for row in rows:
        if row.value == old_path:
            continue
        key = (row.store_id, row.language_id)
        keyword = row.keyword
        before = old_keyword.get(key)
        if before is not None and keyword.startswith(before + "/"):
            keyword = new_keyword[key] + keyword[len(before):]
        result.append(SeoRow(row.store_id, row.language_id, new_path + row.value[len(old_path):], keyword))
    return result
