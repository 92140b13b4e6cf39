"""Parameters of the category methods (API2Cart's names)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from connectors.model.params.common import (
    CommonCountParams,
    CommonListParams,
    CommonParams,
    CommonWriteParams,
    EntityId,
    IdList,
)

__all__ = [
    "CategoryAddParams",
    "CategoryAssignParams",
    "CategoryCountParams",
    "CategoryDeleteParams",
    "CategoryInfoParams",
    "CategoryListParams",
    "CategoryUpdateParams",
]


class _CategoryFilters(BaseModel):
    parent_id: EntityId | None = Field(default=None, description="Direct children of this category.")
    store_id: EntityId | None = None
    lang_id: EntityId | None = None
    avail: bool | None = None
    find_value: str | None = Field(default=None, min_length=1, max_length=255)
    find_where: Literal["name", "id"] | None = None


class CategoryListParams(CommonListParams, _CategoryFilters):
    """``category.list``."""


class CategoryCountParams(CommonCountParams, _CategoryFilters):
    """``category.count``."""


class CategoryInfoParams(CommonParams):
    """``category.info``."""

    id: EntityId
    store_id: EntityId | None = None
    lang_id: EntityId | None = None


class _CategoryWriteFields(BaseModel):
    description: str | None = Field(default=None, max_length=65535)
    short_description: str | None = Field(default=None, max_length=65535)
    parent_id: EntityId | None = None
    avail: bool | None = None
    sort_order: int | None = Field(default=None, ge=0, le=1_000_000)
    meta_title: str | None = Field(default=None, max_length=255)
    meta_description: str | None = Field(default=None, max_length=1000)
    meta_keywords: str | None = Field(default=None, max_length=1000)
    seo_url: str | None = Field(default=None, max_length=255)
    store_id: EntityId | None = None
    stores_ids: IdList | None = None
    lang_id: EntityId | None = None


class CategoryAddParams(CommonWriteParams, _CategoryWriteFields):
    """``category.add``: a name is required; no parent_id makes a root category."""

    name: str = Field(min_length=1, max_length=255)


class CategoryUpdateParams(CommonWriteParams, _CategoryWriteFields):
    """``category.update``: only the fields given change; a category cannot become its own ancestor."""

    id: EntityId
    name: str | None = Field(default=None, min_length=1, max_length=255)


class CategoryDeleteParams(CommonWriteParams):
    """``category.delete``."""

    id: EntityId
    store_id: EntityId | None = None


class CategoryAssignParams(CommonWriteParams):
    """``category.assign`` / ``category.unassign``: put a product in a category or take it out."""

    category_id: EntityId
    product_id: EntityId
    store_id: EntityId | None = None
