"""FHIR R4 (ServiceRequest and Task, the SDOH Clinical Care pattern): pure functions from
casework's read models to resources as plain dicts, for the network's export and for the
institutions' Task feed (docs/interop.md, "FHIR")."""
