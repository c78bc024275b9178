"""One router per resource."""

API_PREFIX = "/api/v1"
