"""Shared test settings: every test area keeps its own fixtures in its own conftest."""
