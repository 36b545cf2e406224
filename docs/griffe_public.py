"""A griffe extension for the reference: signatures show public names only.

* Parameters named with a leading underscore (state a dataclass passes to itself, such as
  `MessageState._seen`) are left out of the signatures.
* A value computed from private names (`E164 = re.compile(... _MIN_DIGITS ...)`) is not shown
  (the attribute's docstring says what it is).
* A resource class (`Pool`, ...) shows the information model it wraps where its generic base
  says `InfoT`: `info: PoolInformation`, not the type variable.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

import griffe

TYPE_VARIABLE = "InfoT"
PRIVATE = re.compile(r"(?<![\w.])_[A-Za-z]\w*")


def _objects(obj: griffe.Object) -> Iterator[griffe.Object]:
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _objects(member)  # type: ignore[arg-type]


def _concrete(cls: griffe.Class) -> str | None:
    """The type argument of a generic base subscripted with a model (`PolicyResource[Pool...]`)."""
    for base in cls.bases:
        if not isinstance(base, griffe.ExprSubscript) or not str(base.left).endswith("Resource"):
            continue
        if str(base.slice) != TYPE_VARIABLE:
            name = str(base.slice).strip("\"'")
            if name.isidentifier():
                return name
    return None


def _specialize(member: griffe.Object, concrete: str) -> griffe.Object:
    own = copy.copy(member)  # a copy: the generic base keeps its own
    if isinstance(own, griffe.Function):
        own.parameters = griffe.Parameters(*(copy.copy(p) for p in own.parameters))
        for parameter in own.parameters:
            if str(parameter.annotation) == TYPE_VARIABLE:
                parameter.annotation = concrete
        if str(own.returns) == TYPE_VARIABLE:
            own.returns = concrete
    elif isinstance(own, griffe.Attribute) and str(own.annotation) == TYPE_VARIABLE:
        own.annotation = concrete
    return own


def _hide_private_parameters(function: griffe.Function) -> None:
    for name in [p.name for p in function.parameters if p.name.startswith("_")]:
        del function.parameters[name]


class PublicSignatures(griffe.Extension):
    def on_class_members(self, *, cls: griffe.Class, **kwargs: object) -> None:
        # A dataclass's __init__ is written by griffe once its fields are known.
        init = cls.members.get("__init__")
        if isinstance(init, griffe.Function):
            _hide_private_parameters(init)

    def on_package(self, *, pkg: griffe.Module, **kwargs: object) -> None:
        for obj in list(_objects(pkg)):
            if isinstance(obj, griffe.Function):
                _hide_private_parameters(obj)
            elif isinstance(obj, griffe.Attribute) and PRIVATE.search(str(obj.value or "")):
                obj.value = None
        for obj in list(_objects(pkg)):
            if not isinstance(obj, griffe.Class):
                continue
            concrete = _concrete(obj)
            if concrete is None:
                continue
            for name in ("__init__", "info"):
                try:
                    inherited = obj.all_members[name]
                except KeyError:
                    continue
                target = inherited
                while isinstance(target, griffe.Alias):
                    target = target.target
                if name not in obj.members:
                    obj.set_member(name, _specialize(target, concrete))
