"""Beneficiaries as pseudonyms, their consents, and proposed matches between pseudonyms."""
