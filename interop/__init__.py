"""What the engine says to other systems in their standards: FHIR R4 (ServiceRequest and Task,
the SDOH Clinical Care pattern), Open Referral's HSDS 3 directory, and CSV for spreadsheets.
Each module maps casework's read models to one format; none reads or changes state itself, and
none carries a name, a phone or UIC letters (docs/interop.md)."""
