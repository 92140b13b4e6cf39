"""cartgate test suite (a package, so test modules are named tests.<area>.<module>)."""
