"""The network report of a month, quarter, year or since founding: its figures (small cells
suppressed) and the stored renditions."""
