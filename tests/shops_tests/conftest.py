"""Fixtures of the test-shop tests: the session's OpenCart 3 and 4 shops."""

from tests.shops.fixtures import opencart_shops  # noqa: F401 - a pytest fixture, used by name
