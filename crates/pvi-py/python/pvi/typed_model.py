"""Base class of every pvi model: a ``type`` field naming the class, which
tells the members of a union apart when reading YAML or JSON.

Each class declares ``type: Literal["<ClassName>"]`` itself, so pydantic
picks a union member by a plain tagged lookup (no Python callback per
object) and the field is in the schema, the repr and every dump.
"""

from typing import Any, Union, get_args

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import Annotated


class TypedModel(BaseModel):
    """A model whose serialized form carries ``type: <ClassName>``."""

    model_config = ConfigDict(extra="forbid")

    type: str


def as_tagged_union(union: Any) -> Any:
    """The union of ``TypedModel`` classes, told apart by their ``type``."""
    return Annotated[Union[get_args(union)], Field(discriminator="type")]  # type: ignore[valid-type]
