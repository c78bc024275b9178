"""Network governance: memorandum renewal, monthly meetings and their decisions, breaches of
the memorandum, and the monthly report to members."""
