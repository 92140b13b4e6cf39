"""The OpenAPI 3.1 document and the offline docs page, both generated from the method table."""

from __future__ import annotations

import html
from typing import Any

from aiohttp import web

from gateway.api.envelope import dumps
from gateway.errors import all_error_classes
from gateway.keys import SERVICES
from gateway.methods.table import MethodSpec, MethodTable

__all__ = ["build_openapi", "docs_page", "openapi_document"]

_ENVELOPE = {
    "type": "object",
    "required": ["return_code", "return_message", "result"],
    "properties": {
        "return_code": {"type": "integer", "description": "0 on success; see docs/errors.md"},
        "return_message": {"type": "string"},
        "result": {},
        "pagination": {
            "type": "object",
            "properties": {"previous": {"type": ["string", "null"]}, "next": {"type": ["string", "null"]}},
        },
    },
}


def _query_parameters(spec: MethodSpec) -> list[dict[str, Any]]:
    schema = spec.params.model_json_schema()
    required = set(schema.get("required", []))
    out = []
    for name, prop in schema.get("properties", {}).items():
        if name in ("api_key", "store_key") and name != "store_key":
            continue
        out.append(
            {
                "name": name,
                "in": "query",
                "required": name in required,
                "description": prop.get("description", ""),
                "schema": {k: v for k, v in prop.items() if k not in ("description", "title")},
            }
        )
    return out


def _operation(spec: MethodSpec, verb: str) -> dict[str, Any]:
    security: list[dict[str, list[str]]] = [{"ApiKey": [], "StoreKey": []}] if spec.needs_store else [{"ApiKey": []}]
    operation: dict[str, Any] = {
        "operationId": f"{spec.name}.{verb}",
        "summary": spec.summary,
        "tags": [spec.tag],
        "security": security,
        "x-cartgate-write": spec.write,
        "responses": {"200": {"description": "Envelope", "content": {"application/json": {"schema": _ENVELOPE}}}},
    }
    if verb == "get":
        operation["parameters"] = _query_parameters(spec)
    else:
        body_schema = spec.params.model_json_schema(ref_template="#/components/schemas/{model}")
        body_schema.pop("$defs", None)
        content: dict[str, Any] = {"schema": body_schema}
        if spec.example:
            content["example"] = dict(spec.example)
        operation["requestBody"] = {"required": False, "content": {"application/json": content}}
    return operation


def build_openapi(table: MethodTable, base_url: str) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for spec in table:
        defs = spec.params.model_json_schema(ref_template="#/components/schemas/{model}").get("$defs", {})
        schemas.update(defs)
        paths[f"/v1.1/{spec.name}.json"] = {"get": _operation(spec, "get"), "post": _operation(spec, "post")}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "cartgate",
            "version": "1.1",
            "description": "Unified e-commerce API, API2Cart-compatible. Errors answer HTTP 200 with a "
            "non-zero return_code: "
            + ", ".join(f"{c.return_code} {c.__name__}" for c in all_error_classes() if "return_code" in c.__dict__),
        },
        "servers": [{"url": base_url}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "ApiKey": {"type": "apiKey", "in": "header", "name": "x-api-key"},
                "StoreKey": {"type": "apiKey", "in": "header", "name": "x-store-key"},
            },
        },
    }


async def openapi_document(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    cached = services.extra.get("openapi")
    if cached is None:
        cached = services.extra["openapi"] = dumps(build_openapi(services.table, services.settings.base_url))
    return web.Response(body=cached, content_type="application/json")


def _docs_html(table: MethodTable, base_url: str) -> str:
    rows = []
    for spec in sorted(table, key=lambda s: s.name):
        props = spec.params.model_json_schema().get("properties", {})
        params = ", ".join(html.escape(name) for name in props)
        keys = "-H 'x-api-key: $API_KEY'" + (" -H 'x-store-key: $STORE_KEY'" if spec.needs_store else "")
        curl = f"curl -s '{base_url}/v1.1/{spec.name}.json' {keys}"
        rows.append(
            f"<section id='{html.escape(spec.name)}'><h2>{html.escape(spec.name)}"
            f" <small>{'write' if spec.write else 'read'}</small></h2><p>{html.escape(spec.summary)}</p>"
            f"<p><b>Parameters:</b> {params}</p><pre>{html.escape(curl)}</pre></section>"
        )
    index = " ".join(f"<a href='#{html.escape(s.name)}'>{html.escape(s.name)}</a>" for s in table)
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>cartgate API</title>"
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto}pre{background:#eee;padding:.5em;"
        "overflow-x:auto}small{color:#666}</style></head><body><h1>cartgate API</h1>"
        "<p>Every method answers the envelope {return_code, return_message, result, pagination}. "
        "The machine-readable document is <a href='/openapi.json'>/openapi.json</a>.</p>"
        f"<p>{index}</p>{''.join(rows)}</body></html>"
    )


async def docs_page(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    page = services.extra.get("docs_html")
    if page is None:
        page = services.extra["docs_html"] = _docs_html(services.table, services.settings.base_url)
    return web.Response(text=page, content_type="text/html")
