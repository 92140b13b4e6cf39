"""OpenCart 3.0.x and 4.x through bridge2cart: unified methods as SQL over the bridge's query/batch."""
