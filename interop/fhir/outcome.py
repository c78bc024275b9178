"""FHIR's answer when a request fails: an OperationOutcome with one issue."""


def operation_outcome(code: str, diagnostics: str, *, expression: str | None = None) -> dict:
    """`code` is FHIR's issue type (not-found, forbidden, invalid...); `expression` names the
    search parameter at fault."""
    issue: dict = {"severity": "error", "code": code, "diagnostics": diagnostics}
    if expression is not None:
        issue["expression"] = [expression]
    return {"resourceType": "OperationOutcome", "issue": [issue]}
