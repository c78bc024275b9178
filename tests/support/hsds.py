"""Open Referral's HSDS 3 compiled schemas, vendored in tests/data/hsds (NOTICE.md there), and
what a list of records breaks of one of them."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator

SCHEMAS = Path(__file__).parents[1] / "data" / "hsds"


@cache
def validator(name: str) -> Draft202012Validator:
    """The schema declares no `$schema`: HSDS documents its schemas as Draft 2020-12. Formats
    are checked, so that an id that is not a UUID fails."""
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def violations(records: list, name: str) -> list[str]:
    """Each way a record breaks the schema `name` (organization, service), with where."""
    return [
        f"item {i} at {'/'.join(map(str, error.absolute_path))}: {error.message}"
        for i, record in enumerate(records)
        for error in validator(name).iter_errors(record)
    ]
