"""Base class of every pvi model: a ``type`` field named after the class, used
to tell the members of a union apart when reading YAML or JSON."""

from typing import Any, Union, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Tag,
    computed_field,
    model_validator,
)
from typing_extensions import Annotated


class TypedModel(BaseModel):
    """A model whose serialized form carries ``type: <ClassName>``."""

    model_config = ConfigDict(extra="forbid")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def type(self) -> str:
        """The class name, written as the ``type`` field."""
        return self.__class__.__name__

    @model_validator(mode="before")
    @classmethod
    def _drop_type(cls, data: Any) -> Any:
        # the `type` key names the class; it is not a field
        if isinstance(data, dict) and "type" in data:
            if data["type"] != cls.__name__:
                raise ValueError(
                    f"type {data['type']!r} given where {cls.__name__} is expected"
                )
            data = {k: v for k, v in data.items() if k != "type"}
        return data


def _type_name(x: Any) -> Any:
    if isinstance(x, dict):
        return x.get("type")
    if isinstance(x, TypedModel):
        return x.__class__.__name__
    return None


def as_tagged_union(union: Any) -> Any:
    """The union of ``TypedModel`` classes, told apart by their ``type``."""
    members = tuple(Annotated[m, Tag(m.__name__)] for m in get_args(union))
    return Annotated[Union[members], Discriminator(_type_name)]  # type: ignore[valid-type]
