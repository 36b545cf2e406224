"""Registrations as code: the spec file ([`RegistrationSpec`][smsv2.resources.RegistrationSpec]),
what `plan` finds ([`RegistrationPlan`][smsv2.resources.RegistrationPlan],
[`FieldChange`][smsv2.resources.FieldChange]) and how a review ended
([`ReviewOutcome`][smsv2.resources.ReviewOutcome], [`DeniedReason`][smsv2.resources.DeniedReason]).
Pure data: no request is made here.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from smsv2._errors_base import FieldProblem, RequestValidationError, mask_digits
from smsv2._public import publish

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

if TYPE_CHECKING:
    from typing_extensions import Self

    from smsv2.models import RegistrationDeniedReasonInformation, RegistrationFieldDefinition

#: The tag that ties a registration to the spec that manages it (``RegistrationSpec.name``).
SPEC_TAG = "smsv2:spec"
#: The tag holding an uploaded attachment's SHA-256 (or its URL), so a re-apply can tell
#: an unchanged file from a new one.
ATTACHMENT_TAG = "smsv2:sha256"
_SPEC = "RegistrationSpec"


class AttachmentSpec(BaseModel):
    """A file to upload as a field's value: a local `path` or an S3 `url`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str | None = None
    url: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.path is None) == (self.url is None):
            raise ValueError("an attachment takes exactly one of path or url")
        return self

    def fingerprint(self, base: Path | None = None) -> str:
        """SHA-256 of the file (or the URL itself): what the attachment's tag records."""
        if self.url is not None:
            return self.url
        return hashlib.sha256(self.resolve(base).read_bytes()).hexdigest()

    def resolve(self, base: Path | None = None) -> Path:
        """The file, relative to the spec file's folder."""
        path = Path(self.path or "")
        return path if path.is_absolute() or base is None else base / path


SpecValue = str | list[str] | AttachmentSpec
"""A field's value in a spec: text, the chosen options, or an attachment."""


class RegistrationSpec(BaseModel):
    """What a registration should say (a TOML, YAML or JSON file; see
    [`load`][smsv2.resources.RegistrationSpec.load]).

    `name` identifies the registration the spec manages (a tag on it), so applying the
    same spec twice finds the same registration and changes nothing.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=128)
    registration_type: str = Field(min_length=1)
    fields: dict[str, SpecValue] = Field(default_factory=dict, repr=False)
    """Field values by field path (`companyInfo.companyName = "Example Corp"`); kept out
    of the repr (they hold contact names and phone numbers)."""
    associate: list[str] = Field(default_factory=list)
    """Origination identities (IDs or ARNs) or registrations to associate."""
    tags: dict[str, str] = Field(default_factory=dict)
    base_dir: Path | None = Field(default=None, exclude=True)
    """Where relative attachment paths start (the spec file's folder when loaded)."""

    @classmethod
    def load(cls, path: str | Path) -> RegistrationSpec:
        """Read a spec from `.toml`, `.json`, `.yaml` or `.yml` (YAML needs PyYAML:
        `pip install 'smsv2[yaml]'`). A bad file raises `RequestValidationError` naming
        the field."""
        file = Path(path)
        data = _parse(file)
        try:
            return cls.model_validate({**data, "base_dir": file.parent})
        except ValidationError as error:
            problems = [
                FieldProblem(".".join(str(p) for p in e["loc"]) or "<spec>", e["msg"])
                for e in error.errors(include_input=False)
            ]
            raise RequestValidationError(_SPEC, problems) from None


def _parse(file: Path) -> dict[str, object]:
    suffix = file.suffix.lower()
    text = file.read_text(encoding="utf-8")
    try:
        if suffix == ".toml":
            loaded: object = tomllib.loads(text)
        elif suffix == ".json":
            loaded = json.loads(text)
        elif suffix in (".yaml", ".yml"):
            import yaml  # optional extra: smsv2[yaml]

            loaded = yaml.safe_load(text)
        else:
            raise RequestValidationError(
                _SPEC, [FieldProblem("path", "use a .toml, .json, .yaml or .yml file")]
            )
    except (ValueError, ImportError) as error:
        # The parser's message may quote the file's content: only its class is kept.
        message = f"cannot read the file ({type(error).__name__})"
        raise RequestValidationError(_SPEC, [FieldProblem("path", message)]) from None
    if not isinstance(loaded, dict):
        raise RequestValidationError(_SPEC, [FieldProblem("<spec>", "must be a table/mapping")])
    return {str(k): v for k, v in cast("dict[object, object]", loaded).items()}


# -- what plan finds -------------------------------------------------------------------------

ChangeKind = Literal["add", "change", "remove"]
Action = Literal["create", "new version", "update draft", "submit", "none", "blocked"]


@dataclass(frozen=True)
class FieldChange:
    """One field that differs between the latest version and the spec."""

    field_path: str
    kind: ChangeKind
    old: str | None
    new: str | None

    def __str__(self) -> str:
        sign = {"add": "+", "change": "~", "remove": "-"}[self.kind]
        old, new = _shown(self.field_path, self.old), _shown(self.field_path, self.new)
        if self.kind == "add":
            return f"  {sign} {self.field_path} = {new}"
        if self.kind == "remove":
            return f"  {sign} {self.field_path} (was {old})"
        return f"  {sign} {self.field_path}: {old} -> {new}"

    def __repr__(self) -> str:
        return f"FieldChange({self.field_path!r}, {self.kind!r})"


def _shown(path: str, value: str | None) -> str:
    if value is None:
        return "(unset)"
    # Phone numbers in a registration (support lines) are masked like in errors.
    text = mask_digits(value) if "phone" in path.lower() else value
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class RegistrationPlan:
    """What `apply` would do: problems found locally, the field diff, associations."""

    spec_name: str
    registration_type: str
    registration_id: str | None
    version_number: int | None
    version_status: str | None
    action: Action
    changes: tuple[FieldChange, ...] = ()
    unchanged: int = 0
    associate: tuple[str, ...] = ()
    problems: tuple[FieldProblem, ...] = ()

    @property
    def ok(self) -> bool:
        """No local problem: `apply` may go ahead."""
        return not self.problems

    def __str__(self) -> str:
        where = (
            f"{self.registration_id} v{self.version_number} {self.version_status}"
            if self.registration_id
            else "new registration"
        )
        lines = [f"{self.registration_type} {self.spec_name!r} ({where}): {self.action}"]
        lines += [str(c) for c in self.changes]
        if self.unchanged:
            lines.append(f"  = {self.unchanged} field(s) unchanged")
        lines += [f"  + associate {mask_digits(a)}" for a in self.associate]
        lines += [f"  ! {p.field}: {p.message}" for p in self.problems]
        return "\n".join(lines)


# -- local validation ------------------------------------------------------------------------


def value_text(value: SpecValue | None) -> str | None:
    """A value as the diff shows it."""
    if value is None:
        return None
    if isinstance(value, AttachmentSpec):
        return f"file {value.path}" if value.path is not None else f"file {value.url}"
    return value if isinstance(value, str) else ", ".join(value)


def _chosen(value: SpecValue | None) -> set[str] | None:
    if value is None:
        return None
    if isinstance(value, AttachmentSpec):
        return {value.path or value.url or ""}
    return {value} if isinstance(value, str) else set(value)


def _holds(operator: str, given: set[str] | None, wanted: set[str]) -> bool:
    if operator == "HAS_VALUE":
        return given is not None
    if operator == "NO_VALUE":
        return given is None
    if operator in ("EQUALS", "IN"):
        return bool((given or set()) & wanted)
    if operator in ("NOT_EQUALS", "NOT_IN"):
        return not (given or set()) & wanted
    return False  # unknown operators skip their rule (the model says so)


def requirement(
    definition: RegistrationFieldDefinition, values: Mapping[str, SpecValue]
) -> tuple[str, object | None]:
    """(REQUIRED/OPTIONAL/DISALLOWED, the matching rule's ConditionalValidation) of a field,
    given the other answers: CONDITIONAL fields follow their first matching rule."""
    kind = str(getattr(definition.field_requirement, "value", definition.field_requirement))
    behavior = definition.conditional_behavior
    if kind != "CONDITIONAL" or behavior is None:
        return kind, None
    for rule in behavior.rules:
        if all(
            _holds(c.operator, _chosen(values.get(c.depends_on_field_path)), set(c.values or []))
            for c in rule.conditions
        ):
            return rule.rule_behavior, rule.conditional_validation
    return behavior.default_behavior, None


# -- how a review ended ----------------------------------------------------------------------


@dataclass(frozen=True)
class DeniedReason:
    """One reason a version was denied, the field paths it names and the service's guidance."""

    reason: str
    short_description: str
    field_paths: tuple[str, ...] = ()
    guidance: str | None = None
    """The service's long description."""
    documentation_title: str | None = None
    documentation_link: str | None = None

    @classmethod
    def from_info(
        cls, info: RegistrationDeniedReasonInformation, known_paths: Sequence[str]
    ) -> DeniedReason:
        """Read a RegistrationDeniedReasonInformation; field paths are those of the type that
        its descriptions name."""
        text = " ".join(filter(None, (info.short_description, info.long_description)))
        paths = tuple(p for p in known_paths if p in text)
        return cls(
            info.reason,
            info.short_description,
            paths,
            info.long_description,
            info.documentation_title,
            info.documentation_link,
        )

    def __str__(self) -> str:
        lines = [f"  - {self.reason}: {self.short_description}"]
        if self.field_paths:
            lines.append(f"    fields: {', '.join(self.field_paths)}")
        if self.guidance:
            lines.append(f"    {self.guidance}")
        if self.documentation_link:
            lines.append(f"    see {self.documentation_title or ''} {self.documentation_link}")
        return "\n".join(lines)


@dataclass(frozen=True)
class ReviewOutcome:
    """How the review of a version ended (`Registration.wait`)."""

    registration_id: str
    version_number: int
    status: str
    """APPROVED, DENIED, DISCARDED, REVOKED or ARCHIVED."""
    reasons: tuple[DeniedReason, ...] = field(default=())
    feedback: str | None = None

    @property
    def approved(self) -> bool:
        """The version was approved."""
        return self.status == "APPROVED"

    @property
    def denied(self) -> bool:
        """The version was denied (`reasons` say why)."""
        return self.status == "DENIED"

    def __str__(self) -> str:
        head = f"{self.registration_id} v{self.version_number}: {self.status}"
        lines = [head, *(str(r) for r in self.reasons)]
        if self.feedback:
            lines.append(f"  feedback: {self.feedback}")
        return "\n".join(lines)


__all__ = [
    "ATTACHMENT_TAG",
    "SPEC_TAG",
    "AttachmentSpec",
    "DeniedReason",
    "FieldChange",
    "RegistrationPlan",
    "RegistrationSpec",
    "ReviewOutcome",
    "SpecValue",
    "requirement",
    "value_text",
]

publish("smsv2.resources", __all__, globals())
