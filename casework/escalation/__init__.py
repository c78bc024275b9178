"""Chasing stalled referrals: overdue ones climb the escalation ladder, unused ones expire."""
