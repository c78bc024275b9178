"""Notices to staff about referrals: ids, serials and services only, never personal data."""
