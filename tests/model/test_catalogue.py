"""The catalogue: every method the issue names is there, once, with consistent rows."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from connectors.catalogue import (
    CATALOGUE,
    CatalogueMethod,
    CommonListParams,
    CommonWriteParams,
    catalogue_by_name,
    iter_write_methods,
    method_fields,
    wire_params,
)

REQUIRED = """
product.list product.info product.count product.add product.update product.delete
product.variant.list product.variant.info product.variant.count product.variant.add product.variant.update
product.variant.delete product.find category.list category.info category.count category.add category.update
category.delete customer.list customer.info customer.count customer.add customer.update customer.find
order.list order.info order.count order.add order.update order.status.list order.shipment.list
order.shipment.add order.refund.add order.return.add order.return.update order.return.delete return.list
return.info return.count return.reason.list return.status.list return.action.list cart.info
""".split()


def test_every_method_the_issue_names_is_in_the_catalogue() -> None:
    assert sorted(set(REQUIRED) - set(catalogue_by_name())) == []


def test_names_are_unique() -> None:
    assert len(catalogue_by_name()) == len(CATALOGUE)


def test_every_list_has_a_count_that_takes_the_same_filters() -> None:
    rows = catalogue_by_name()
    for row in CATALOGUE:
        if row.kind != "list" or row.name in ("order.shipment.list", "product.child_item.list"):
            continue
        counter = rows[row.name.replace(".list", ".count")]
        assert set(method_fields(counter.params)) <= set(method_fields(row.params)) | {"since_id"}, row.name
        if row.name != "return.list":  # API2Cart's own names differ: total_count vs returns_count
            assert row.count_field == counter.count_field, row.name


def test_writes_take_an_idempotency_key_and_reads_do_not() -> None:
    writes = {row.name for row in iter_write_methods()}
    assert {"product.add", "order.return.add", "order.refund.add"} <= writes
    for row in CATALOGUE:
        assert ("idempotency_key" in row.params.model_fields) == (row.name in writes), row.name


def test_common_parameters_are_not_redeclared_by_methods() -> None:
    common = set(CommonListParams.model_fields) | set(CommonWriteParams.model_fields)
    for row in CATALOGUE:
        assert not set(method_fields(row.params)) & common, row.name


def test_list_paging_is_bounded() -> None:
    params = catalogue_by_name()["product.list"].params
    assert params.model_validate({"count": 250}).model_dump()["count"] == 250
    for bad in ({"count": 0}, {"count": 251}, {"start": -1}):
        with pytest.raises(ValidationError):
            params.model_validate(bad)


def test_wire_params_puts_the_gateways_base_under_the_method() -> None:
    class GatewayBase(BaseModel):
        trace: str = "from-the-gateway"

    wired = wire_params(catalogue_by_name()["order.list"].params, GatewayBase)
    model = wired.model_validate({"order_status": "completed"})
    assert issubclass(wired, GatewayBase)
    assert model.model_dump()["trace"] == "from-the-gateway"
    assert model.model_dump()["order_status"] == "completed"


@pytest.mark.parametrize("row", [pytest.param(row, id=row.name) for row in CATALOGUE])
def test_rows_are_documented(row: CatalogueMethod) -> None:
    assert row.summary.endswith(".") and row.params.__doc__
