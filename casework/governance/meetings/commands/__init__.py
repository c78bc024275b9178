"""Commands over a meeting: scheduling and running it, its agenda, and its decisions."""
