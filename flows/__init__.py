"""Prefect flows: thin orchestration over casework commands, parameters opaque ids only."""

import os

# Privacy: Prefect must never report to an outside host, in any process that imports it.
# These must be set before Prefect is first imported, hence here.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
# Never a temporary server behind the user's back: flows run against a known one
# (flows/prefect_api.py), and without one Prefect refuses instead of starting its own.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_ENABLED", "false")
