"""The monthly network report: its figures (small cells suppressed) and the stored renditions."""
