"""Field selection, applied once by the gateway to whatever a method returns.

``params=id,name`` keeps those fields of each item (``force_all`` keeps everything),
``exclude=a,b`` drops fields, ``response_fields={return_code,result{product{id,name}}}`` keeps a
nested selection of the whole envelope, as API2Cart defines them.
"""

from __future__ import annotations

from typing import Any

from gateway.errors import InvalidParameter

__all__ = ["FieldTree", "apply_tree", "parse_field_list", "parse_response_fields", "select_item_fields"]

FieldTree = dict[str, "FieldTree | None"]
_MAX_LEN = 4096


def parse_field_list(value: str | None) -> list[str] | None:
    if value is None or not value.strip():
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def parse_response_fields(text: str) -> FieldTree:
    """Parse the brace syntax; raises InvalidParameter naming response_fields when malformed."""
    if len(text) > _MAX_LEN:
        raise InvalidParameter("response_fields is too long", field="response_fields")
    text = text.strip()
    if not text.startswith("{"):
        text = "{" + text + "}"
    tree, pos = _parse_group(text, 0)
    if pos != len(text):
        raise InvalidParameter("response_fields is malformed: unexpected text after '}'", field="response_fields")
    return tree


def _parse_group(text: str, pos: int) -> tuple[FieldTree, int]:
    if pos >= len(text) or text[pos] != "{":
        raise InvalidParameter("response_fields is malformed: '{' expected", field="response_fields")
    pos += 1
    tree: FieldTree = {}
    name = ""
    while pos < len(text):
        char = text[pos]
        if char == "{":
            if not name.strip():
                raise InvalidParameter("response_fields is malformed: a group needs a name", field="response_fields")
            sub, pos = _parse_group(text, pos)
            tree[name.strip()] = sub
            name = ""
            continue
        if char in ",}":
            if name.strip():
                tree[name.strip()] = None
            name = ""
            pos += 1
            if char == "}":
                return tree, pos
            continue
        name += char
        pos += 1
    raise InvalidParameter("response_fields is malformed: '}' missing", field="response_fields")


def apply_tree(value: Any, tree: FieldTree | None) -> Any:
    if tree is None:
        return value
    if isinstance(value, list):
        return [apply_tree(item, tree) for item in value]
    if isinstance(value, dict):
        return {key: apply_tree(value[key], sub) for key, sub in tree.items() if key in value}
    return value


def _select(item: Any, keep: list[str] | None, drop: list[str] | None) -> Any:
    if not isinstance(item, dict):
        return item
    if keep is not None:
        item = {key: item[key] for key in keep if key in item}
    if drop:
        item = {key: val for key, val in item.items() if key not in drop}
    return item


def select_item_fields(result: Any, items_field: str | None, params: str | None, exclude: str | None) -> Any:
    """Apply ``params``/``exclude`` to each item (list methods) or to the result itself."""
    keep = parse_field_list(params)
    if keep is not None and "force_all" in keep:
        keep = None
    drop = parse_field_list(exclude)
    if keep is None and drop is None:
        return result
    if items_field and isinstance(result, dict) and isinstance(result.get(items_field), list):
        return {**result, items_field: [_select(item, keep, drop) for item in result[items_field]]}
    return _select(result, keep, drop)
