"""API response models are read from the casework views: each takes its view's fields in the
view's order, and spells out only what the API shows otherwise."""

import uuid
from dataclasses import dataclass
from typing import Annotated, Literal, NamedTuple

import pytest
from pydantic import Field

from casework.governance.memoranda.views import Signatory
from service.schemas import read_model


class Part(NamedTuple):
    member_id: int
    name: str


@dataclass(frozen=True)
class Thing:
    thing_id: uuid.UUID
    code: str
    parts: list[Part]
    secret: str | None

    @property
    def count(self) -> int:
        return len(self.parts)


PartRead = read_model("PartRead", Part)


def thing_read():
    return read_model(
        "ThingRead",
        Thing,
        kind=(Literal["thing"], "thing"),
        id=(uuid.UUID, Field(validation_alias="thing_id")),
        thing_id=None,
        parts=list[PartRead],
        count=Annotated[int, Field(description="how many parts")],
        secret=None,
    )


def test_fields_keep_the_view_order_with_new_ones_after_the_field_named_before_them():
    assert list(thing_read().model_fields) == ["kind", "id", "code", "parts", "count"]


def test_a_response_is_validated_from_the_view_attributes_properties_included():
    thing = Thing(uuid.uuid4(), "AB", [Part(1, "Clinic"), Part(2, "NGO")], secret="kept")
    shown = thing_read().model_validate(thing).model_dump()
    assert shown == {
        "kind": "thing",
        "id": thing.thing_id,
        "code": "AB",
        "parts": [{"member_id": 1, "name": "Clinic"}, {"member_id": 2, "name": "NGO"}],
        "count": 2,
    }


def test_every_field_is_required_unless_a_change_gives_a_default():
    schema = thing_read().model_json_schema(mode="serialization")
    assert schema["required"] == ["id", "code", "parts", "count"]
    assert schema["properties"]["count"]["description"] == "how many parts"
    assert "description" not in schema  # no docstring unless one is given


def test_a_field_typed_by_another_view_must_name_its_response_model():
    with pytest.raises(TypeError, match="parts"):
        read_model("ThingRead", Thing)


def test_the_model_belongs_to_the_module_that_declares_it():
    assert read_model("SignatoryRead", Signatory).__module__ == __name__
