"""Reads of referrals: for the issuing NGO, its dashboards, the form, institutions, the public."""
