"""Pseudonyms, keys and the other mechanisms that keep beneficiaries anonymous."""
