"""Referrals: a request to one member institution for one service, on the standard form."""
