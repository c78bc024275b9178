"""The operators' command line, `casework`."""
