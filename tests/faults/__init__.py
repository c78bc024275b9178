"""The fault battery: crashes, outages, races and bad input (`pytest -m faults`, run by CI)."""
