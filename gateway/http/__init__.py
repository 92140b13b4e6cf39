"""Shared HTTP machinery for REST connectors: client with budgets and safe retries, pagination."""

from gateway.http.budget import Budget, FixedWindowBudget, LeakyBucketBudget, Unlimited, parse_retry_after
from gateway.http.client import PlatformProfile, RestClient, RestResponse
from gateway.http.clients import PlatformClients, rest_client
from gateway.http.group_commit import GroupCommit
from gateway.http.pagination import LinkedPage, follow_next_links, walk_pages

__all__ = [
    "Budget",
    "FixedWindowBudget",
    "GroupCommit",
    "LeakyBucketBudget",
    "LinkedPage",
    "PlatformClients",
    "PlatformProfile",
    "RestClient",
    "RestResponse",
    "Unlimited",
    "follow_next_links",
    "parse_retry_after",
    "rest_client",
    "walk_pages",
]
