"""Commands of the escalation ladder: the sweep that moves overdue referrals, and the thresholds."""
