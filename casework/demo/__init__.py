"""Demo data: an invented Khatlon-like network, and a scenario that drives cases through it."""
