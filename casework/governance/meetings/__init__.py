"""Monthly working meetings: rotation, agenda, attendance, minutes, decisions, follow-up."""
