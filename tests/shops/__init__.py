"""Real test shops built on the platforms' own schemas (OpenCart 3.0.3.8 and 4.1.0.4 so far)."""
