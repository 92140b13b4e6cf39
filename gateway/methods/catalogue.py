"""Assembles the method table: the gateway's own methods plus the unified store methods."""

from __future__ import annotations

from collections.abc import Iterable

from gateway.methods.accounts import ACCOUNT_METHODS
from gateway.methods.table import MethodSpec, MethodTable

__all__ = ["build_method_table"]


def build_method_table(extra: Iterable[MethodSpec] = ()) -> MethodTable:
    """The table the gateway serves; ``extra`` adds rows (tests, benchmarks, new catalogues)."""
    return MethodTable([*ACCOUNT_METHODS, *extra])
