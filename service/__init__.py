"""The HTTP service: API under /api/v1 and server-rendered pages, thin over casework."""
