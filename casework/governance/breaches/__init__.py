"""Memorandum breaches: an institution's failed attestation, open until the network decides."""
