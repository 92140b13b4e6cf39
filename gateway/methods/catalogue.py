"""Assembles the method table: the gateway's own methods plus the unified store catalogue.

Store methods come from ``connectors.catalogue`` (names, parameter and result models, examples);
their parameter models get the gateway's common bases (paging, field selection, idempotency)
under them, mechanically. A gateway method of the same name (``cart.info``) wins: it answers
from the gateway's own records and asks the connector for the rest.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from connectors.catalogue import CATALOGUE, CatalogueMethod, wire_params
from gateway.bridge.methods import BRIDGE_METHODS
from gateway.methods.accounts import ACCOUNT_METHODS
from gateway.methods.table import ListParams, MethodSpec, MethodTable, Params, WriteParams

__all__ = ["build_method_table", "store_method"]


def store_method(row: CatalogueMethod) -> MethodSpec:
    """One catalogue row as a method-table row, dispatched to the store's connector."""
    base: type[Params] = WriteParams if row.write else ListParams if row.kind == "list" else Params
    params = wire_params(row.params, base)
    assert issubclass(params, Params)
    return MethodSpec(
        row.name,
        params,
        write=row.write,
        needs_store=row.needs_store,
        summary=row.summary,
        items_field=row.items_field,
        example=row.example,
        tag=row.tag,
    )


def build_method_table(extra: Iterable[MethodSpec] = ()) -> MethodTable:
    """The table the gateway serves; ``extra`` adds rows (tests, benchmarks)."""
    catalogue = {row.name: store_method(row) for row in CATALOGUE}
    own = []
    for spec in (*ACCOUNT_METHODS, *BRIDGE_METHODS):
        shared = catalogue.pop(spec.name, None)
        # The connector's handler for a shared name receives the catalogue's parameter model.
        own.append(spec if shared is None else dataclasses.replace(spec, params=shared.params))
    return MethodTable([*own, *catalogue.values(), *extra])
