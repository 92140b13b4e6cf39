"""Reads API2Cart's published openapi.json (from ../shared/reference at test time) to compare shapes.

Two walks: ``model_vs_schema`` compares a pydantic model class with a component schema, field by
field and through nested models; ``json_vs_schema`` compares a serialised value with it, down to
JSON types. Both return what cartgate adds (schema, field) and what conflicts, so tests can hold
the additions to the list in docs/model.md.
"""

from __future__ import annotations

import json
import re
import types
from functools import cache
from pathlib import Path
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

REPO = Path(__file__).resolve().parents[2]
OPENAPI = REPO.parent / "shared" / "reference" / "api2cart" / "openapi.json"
MODEL_DOC = REPO / "docs" / "model.md"

Schema = dict[str, Any]
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
    "null": (type(None),),
}


@cache
def openapi() -> dict[str, Any]:
    with OPENAPI.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def schemas() -> dict[str, Schema]:
    found: dict[str, Schema] = openapi()["components"]["schemas"]
    return found


def ref_name(schema: Schema) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def branches(schema: Schema) -> list[tuple[str | None, Schema]]:
    """The concrete (name, schema) alternatives behind $ref / anyOf / oneOf, null left out."""
    name = ref_name(schema)
    if name is not None:
        return [(name, schemas()[name])]
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    if alternatives:
        out: list[tuple[str | None, Schema]] = []
        for alternative in alternatives:
            if alternative.get("type") != "null":
                out.extend(branches(alternative))
        return out
    return [(None, schema)]


def object_schema(schema: Schema) -> tuple[str | None, Schema] | None:
    """The object schema a property holds, through arrays, refs and nullable unions."""
    for name, branch in branches(schema):
        if branch.get("type") == "array" or "items" in branch:
            inner = object_schema(branch.get("items", {}))
            if inner is not None:
                return inner
        elif "properties" in branch:
            return name, branch
    return None


def result_schema(method: str) -> tuple[str, Schema] | None:
    """(name, schema) of a method's 200 ``result`` (None when API2Cart has no such method).

    Inline result schemas are named after the method (``product.count result``).
    """
    path = openapi()["paths"].get(f"/{method}.json")
    if path is None:
        return None
    operation = next(iter(path.values()))
    envelope = operation["responses"]["200"]["content"]["application/json"]["schema"]
    envelope_name = ref_name(envelope)
    if envelope_name is not None:
        envelope = schemas()[envelope_name]
    result = envelope["properties"]["result"]
    inner = object_schema(result)
    if inner is None:
        return f"{method} result", {"type": "object", "properties": {}}
    return inner[0] or f"{method} result", inner[1]


def method_parameters(method: str) -> set[str] | None:
    """Parameter names API2Cart documents for a method (query and body), None if it has none."""
    path = openapi()["paths"].get(f"/{method}.json")
    if path is None:
        return None
    operation = next(iter(path.values()))
    names = {param["name"] for param in operation.get("parameters", [])}
    body = operation.get("requestBody")
    if body:
        body_schema = next(iter(body["content"].values()))["schema"]
        found = object_schema(body_schema)
        if found is not None:
            names |= set(found[1].get("properties", {}))
    return names


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = get_origin(annotation)
    if origin in (list, tuple, Union, types.UnionType) or origin is not None:
        return [model for arg in get_args(annotation) for model in _nested_models(arg)]
    return []


def model_vs_schema(
    model: type[BaseModel], name: str, schema: Schema | None = None
) -> tuple[set[tuple[str, str]], list[str]]:
    """(additions, conflicts) of ``model`` against schema ``name`` (a component unless given), nested too."""
    additions: set[tuple[str, str]] = set()
    conflicts: list[str] = []
    seen: set[tuple[type[BaseModel], str]] = set()

    def walk(cls: type[BaseModel], schema_name: str, schema: Schema) -> None:
        if (cls, schema_name) in seen:
            return
        seen.add((cls, schema_name))
        properties = schema.get("properties", {})
        for field_name, info in cls.model_fields.items():
            wire = info.alias or field_name
            if wire not in properties:
                additions.add((schema_name, wire))
                continue
            for nested in _nested_models(info.annotation):
                target = object_schema(properties[wire])
                if target is None:
                    conflicts.append(f"{schema_name}.{wire}: a model where API2Cart has a scalar")
                else:
                    walk(nested, target[0] or f"{schema_name}.{wire}", target[1])

    walk(model, name, schema if schema is not None else schemas()[name])
    return additions, conflicts


def json_vs_schema(value: Any, name: str, schema: Schema) -> tuple[set[tuple[str, str]], list[str]]:
    """(additions, conflicts) of a serialised value against schema ``name``, down to JSON types.

    Inline objects are named after the property holding them (``product.find result.product``).
    """
    additions: set[tuple[str, str]] = set()
    conflicts: list[str] = []

    def walk(node: Any, node_schema: Schema, path: str, owner: str) -> None:
        if node is None:
            if not _nullable(node_schema):
                conflicts.append(f"{path}: null where API2Cart does not allow it")
            return
        for branch_name, branch in branches(node_schema):
            here = branch_name or owner
            if isinstance(node, dict) and "properties" in branch:
                for key, child in node.items():
                    if key in branch["properties"]:
                        walk(child, branch["properties"][key], f"{path}.{key}", f"{here}.{key}")
                    else:
                        additions.add((here, key))
                return
            if isinstance(node, list) and (branch.get("type") == "array" or "items" in branch):
                for index, child in enumerate(node):
                    walk(child, branch.get("items", {}), f"{path}[{index}]", owner)
                return
            if _scalar_fits(node, branch):
                return
        conflicts.append(f"{path}: {type(node).__name__} does not fit {_describe(node_schema)}")

    walk(value, schema, name, name)
    return additions, conflicts


def _types_of(schema: Schema) -> list[str]:
    kind = schema.get("type")
    if kind is None:
        return []
    return [kind] if isinstance(kind, str) else list(kind)


def _nullable(schema: Schema) -> bool:
    if "null" in _types_of(schema):
        return True
    alternatives = schema.get("anyOf") or schema.get("oneOf") or []
    return any(_nullable(alternative) for alternative in alternatives)


def _scalar_fits(node: Any, schema: Schema) -> bool:
    kinds = _types_of(schema)
    if not kinds:
        return True  # an untyped property (API2Cart has a few) accepts anything
    for kind in kinds:
        python_types = _JSON_TYPES.get(kind, ())
        if isinstance(node, bool) and kind not in ("boolean",):
            continue
        if isinstance(node, python_types):
            return True
    return False


def _describe(schema: Schema) -> str:
    return json.dumps(schema)[:120]


def documented_additions(section: str = "cartgate additions") -> set[str]:
    """Every backticked `schema.field` / `method:parameter` token of a docs/model.md section."""
    text = MODEL_DOC.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(section)}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match is not None, f"docs/model.md has no '## {section}' section"
    return {token for token in re.findall(r"`([^`\n]+)`", match.group(1)) if "." in token or ":" in token}


def required_parameters(method: str) -> set[str]:
    """Parameters API2Cart marks required for a method (query and body)."""
    path = openapi()["paths"].get(f"/{method}.json")
    if path is None:
        return set()
    operation = next(iter(path.values()))
    names = {param["name"] for param in operation.get("parameters", []) if param.get("required")}
    body = operation.get("requestBody")
    if body:
        body_schema = next(iter(body["content"].values()))["schema"]
        name = ref_name(body_schema)
        resolved = schemas()[name] if name is not None else body_schema
        names |= set(resolved.get("required", []))
    return names
