"""Registrations: `Registration`, its `RegistrationVersion`s and `RegistrationAttachment`s,
and the definitions that say what a registration type asks for (`RegistrationType`,
`SectionDefinition`, `FieldDefinition`).

```python
reg = Registration.create(registration_type="US_TEN_DLC_BRAND_REGISTRATION")
reg.set_field("companyInfo.companyName", "Example Corp")   # checked locally first
reg.submit().registration_version_status
# 'SUBMITTED'
```
"""

from __future__ import annotations

import builtins
import re
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, TypeVar, Union

import tenacity

from smsv2._generated.resource_fields import (
    RegistrationAttachmentsInformationFields,
    RegistrationFieldDefinitionFields,
    RegistrationInformationFields,
    RegistrationSectionDefinitionFields,
    RegistrationTypeDefinitionFields,
    RegistrationVersionInformationFields,
)
from smsv2.errors import FieldProblem, RequestValidationError, WaitTimeoutError
from smsv2.models import (
    AttachmentStatus,
    AttachmentStatusLiteral,
    RegistrationAttachmentsInformation,
    RegistrationStatus,
    RegistrationStatusLiteral,
    RegistrationVersionStatus,
    RegistrationVersionStatusLiteral,
)
from smsv2.resources._base import (
    Resource,
    ResourceList,
    TaggableResource,
    Waitable,
    WaitOptions,
    found_one,
    merge_info,
    plain,
    ref,
    resolve_client,
    same,
    tag_list,
)
from smsv2.resources._registration_spec import (
    ATTACHMENT_TAG,
    SPEC_TAG,
    Action,
    AttachmentSpec,
    DeniedReason,
    FieldChange,
    RegistrationPlan,
    RegistrationSpec,
    ReviewOutcome,
    SpecValue,
    requirement,
    value_text,
)

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from smsv2._generated.resource_fields import (
        DescribeRegistrationTypeDefinitionsOptions,
    )
    from smsv2.client import Client
    from smsv2.models import (
        RegistrationAssociationFilter,
        RegistrationAssociationFilterDict,
        RegistrationAssociationMetadata,
        RegistrationFieldDefinition,
        RegistrationFieldValueInformation,
        RegistrationInformation,
        RegistrationSectionDefinition,
        RegistrationStatus,
        RegistrationTypeDefinition,
        RegistrationVersionFilter,
        RegistrationVersionFilterDict,
        RegistrationVersionInformation,
        RegistrationVersionStatus,
    )
    from smsv2.resources.phone_numbers import PhoneNumber
    from smsv2.resources.pools import Pool
    from smsv2.resources.sender_ids import SenderId

FieldValue = Union[str, Sequence[str], "RegistrationAttachment"]
"""A field's value: text, the chosen options of a select field, or an attachment (or its ID)."""

_PUT = "PutRegistrationFieldValue"
T = TypeVar("T")


# -- definitions ---------------------------------------------------------------------------------


class FieldDefinition(RegistrationFieldDefinitionFields):
    """What one field of a registration type accepts (RegistrationFieldDefinition).

    [`check`][smsv2.resources.registrations.FieldDefinition.check] lists the rules a value breaks,
    without any request.
    """

    __slots__ = ("_info",)

    def __init__(self, info: RegistrationFieldDefinition) -> None:
        """Wrap a definition already read."""
        self._info = info

    @property
    def info(self) -> RegistrationFieldDefinition:
        """The typed definition shape."""
        return self._info

    @property
    def required(self) -> bool:
        """Whether the field is REQUIRED (CONDITIONAL fields depend on other answers)."""
        return plain(self._info.field_requirement) == "REQUIRED"

    def check(self, value: FieldValue) -> builtins.list[FieldProblem]:
        """The rules `value` breaks (empty when it is acceptable). Makes no request."""
        path = self.field_path
        kind = plain(self.field_type)
        if kind == "SELECT":
            if isinstance(value, RegistrationAttachment):
                return [
                    FieldProblem(path, "a SELECT field takes a list of options, not an attachment")
                ]
            choices = [value] if isinstance(value, str) else list(value)
            problems: builtins.list[FieldProblem] = []
            rule = self._info.select_validation
            if rule is not None:
                for i, choice in enumerate(choices):
                    if choice not in rule.options:
                        problems.append(
                            FieldProblem(
                                path,
                                f"choice {i + 1} is not one of the options "
                                f"({', '.join(rule.options)})",
                            )
                        )
                if not rule.min_choices <= len(choices) <= rule.max_choices:
                    problems.append(
                        FieldProblem(
                            path,
                            f"needs {rule.min_choices} to {rule.max_choices} choices, "
                            f"got {len(choices)}",
                        )
                    )
            return problems
        if kind == "TEXT":
            if not isinstance(value, str):
                return [FieldProblem(path, "a TEXT field takes a string")]
            text_rule = self._info.text_validation
            if text_rule is None:
                return []
            problems = []
            if not text_rule.min_length <= len(value) <= text_rule.max_length:
                problems.append(
                    FieldProblem(
                        path,
                        f"length must be {text_rule.min_length} to {text_rule.max_length} "
                        f"characters, got {len(value)}",
                    )
                )
            try:
                pattern = re.compile(text_rule.pattern)
            except re.error:
                pattern = None  # a pattern Python cannot read is left to the service
            if pattern is not None and pattern.fullmatch(value) is None:
                problems.append(
                    FieldProblem(path, f"does not match the pattern {text_rule.pattern}")
                )
            return problems
        if kind == "ATTACHMENT":
            if isinstance(value, (RegistrationAttachment, str)):
                return []
            return [
                FieldProblem(path, "an ATTACHMENT field takes a RegistrationAttachment or its ID")
            ]
        return []

    def validate(self, value: FieldValue) -> None:
        """Raise `RequestValidationError` naming the field and the broken rule, if any."""
        problems = self.check(value)
        if problems:
            raise RequestValidationError(_PUT, problems)

    def __repr__(self) -> str:
        return f"FieldDefinition({self.field_path!r}, type={plain(self.field_type)!r})"


class SectionDefinition(RegistrationSectionDefinitionFields):
    """A section of a registration type (RegistrationSectionDefinition)."""

    __slots__ = ("_client", "_info", "_type")

    def __init__(
        self, registration_type: str, info: RegistrationSectionDefinition, *, client: Client
    ) -> None:
        """Wrap a definition already read."""
        self._type = registration_type
        self._info = info
        self._client = client

    @property
    def info(self) -> RegistrationSectionDefinition:
        """The typed definition shape."""
        return self._info

    @property
    def registration_type(self) -> str:
        """The registration type the section belongs to."""
        return self._type

    def fields(self) -> ResourceList[FieldDefinition]:
        """The section's field definitions, lazily."""
        return ResourceList(
            self._client.registration_field_definitions(
                registration_type=self._type, section_path=self.section_path
            ),
            FieldDefinition,
        )

    def __repr__(self) -> str:
        return f"SectionDefinition({self._type!r}, {self.section_path!r})"


class RegistrationType(RegistrationTypeDefinitionFields):
    """A kind of registration and what it asks for (RegistrationTypeDefinition).

    ```python
    for t in RegistrationType.list(): print(t.registration_type)
    ```
    """

    __slots__ = ("_client", "_info")

    def __init__(self, info: RegistrationTypeDefinition, *, client: Client | None = None) -> None:
        """Wrap a definition already read."""
        self._info = info
        self._client = resolve_client(client)

    @classmethod
    def list(
        cls,
        *,
        client: Client | None = None,
        **options: Unpack[DescribeRegistrationTypeDefinitionsOptions],
    ) -> ResourceList[RegistrationType]:
        """Every registration type, lazily (DescribeRegistrationTypeDefinitions)."""
        client = resolve_client(client)
        return ResourceList(
            client.registration_type_definitions(**options), lambda info: cls(info, client=client)
        )

    @classmethod
    def get(cls, registration_type: str, *, client: Client | None = None) -> RegistrationType:
        """The definition of one registration type."""
        client = resolve_client(client)
        result = client.describe_registration_type_definitions(
            registration_types=[registration_type]
        )
        found = found_one(
            result.registration_type_definitions,
            f"registration type {registration_type}",
            "DescribeRegistrationTypeDefinitions",
        )
        return cls(found, client=client)

    @property
    def info(self) -> RegistrationTypeDefinition:
        """The typed definition shape."""
        return self._info

    def sections(self) -> ResourceList[SectionDefinition]:
        """The type's sections, lazily (DescribeRegistrationSectionDefinitions)."""
        name, client = self.registration_type, self._client
        return ResourceList(
            client.registration_section_definitions(registration_type=name),
            lambda info: SectionDefinition(name, info, client=client),
        )

    def fields(self, *, section_path: str | None = None) -> ResourceList[FieldDefinition]:
        """The type's field definitions, lazily (DescribeRegistrationFieldDefinitions)."""
        return ResourceList(
            self._client.registration_field_definitions(
                registration_type=self.registration_type, section_path=section_path
            ),
            FieldDefinition,
        )

    def field(self, field_path: str) -> FieldDefinition:
        """One field's definition (the service answers ValidationException for unknown paths)."""
        found = self._client.registration_field_definitions(
            registration_type=self.registration_type, field_paths=[field_path]
        ).first()
        if found is None:
            raise RequestValidationError(
                _PUT, [FieldProblem(field_path, f"no such field in {self.registration_type}")]
            )
        return FieldDefinition(found)

    def __repr__(self) -> str:
        return f"RegistrationType({self.registration_type!r})"


# -- registrations -------------------------------------------------------------------------------


class Registration(
    RegistrationInformationFields,
    TaggableResource["RegistrationInformation"],
    Waitable[RegistrationStatus | RegistrationStatusLiteral],
):
    """A registration (RegistrationInformation): fields, attachments, versions, associations.

    Field values belong to the current version; `submit()` sends it for review.
    """

    kind: ClassVar[str] = "Registration"
    _status_member: ClassVar[str | None] = "registration_status"
    _failed_statuses: ClassVar[frozenset[str]] = frozenset({"DELETED", "CLOSED"})
    _wait_timeout: ClassVar[float] = 3600.0
    _wait_poll: ClassVar[float] = 30.0
    __slots__ = ("_definitions",)

    def __init__(self, info: RegistrationInformation, *, client: Client | None = None) -> None:
        """Wrap a registration already read (no request is made)."""
        super().__init__(info, client=client)
        self._definitions: dict[str, FieldDefinition] | None = None

    @classmethod
    def create(
        cls,
        *,
        registration_type: str,
        tags: Mapping[str, str] | None = None,
        client: Client | None = None,
    ) -> Registration:
        """Start a registration of a type (CreateRegistration); version 1 is a DRAFT."""
        client = resolve_client(client)
        result = client.create_registration(
            registration_type=registration_type, tags=tag_list(tags)
        )
        return cls._created(client, result, result.registration_id)

    @property
    def status(self) -> RegistrationStatus | str:
        """Same as `registration_status`."""
        return self._info.registration_status

    # -- definitions and fields ----------------------------------------------------------------

    def definition(self) -> RegistrationType:
        """The definition of this registration's type (a request)."""
        return RegistrationType.get(self.registration_type, client=self._client)

    def field_definitions(self) -> dict[str, FieldDefinition]:
        """Every field definition of the type by path (read once, then kept)."""
        if self._definitions is None:
            self._definitions = {
                d.field_path: FieldDefinition(d)
                for d in self._client.registration_field_definitions(
                    registration_type=self.registration_type
                )
            }
        return self._definitions

    def field_values(
        self, *, version_number: int | None = None, section_path: str | None = None
    ) -> ResourceList[RegistrationFieldValueInformation]:
        """The field values (of the current version unless one is named), lazily."""
        return ResourceList(
            self._client.registration_field_values(
                registration_id=self.id, version_number=version_number, section_path=section_path
            ),
            same,
        )

    def field_value(
        self, field_path: str, *, version_number: int | None = None
    ) -> RegistrationFieldValueInformation | None:
        """One field's value, or None when it is not set."""
        return self._client.registration_field_values(
            registration_id=self.id, version_number=version_number, field_paths=[field_path]
        ).first()

    def set_field(
        self, field_path: str, value: FieldValue, *, check: bool = True
    ) -> RegistrationFieldValueInformation:
        """Set a field of the current version (PutRegistrationFieldValue).

        With `check` (the default) the value is first checked against the field's
        definition (select options and counts, text length and pattern, the field's kind);
        a broken rule raises `RequestValidationError` naming the field path, before any
        value is sent.
        """
        from smsv2.models import RegistrationFieldValueInformation

        kind: str | None = None
        if check:
            definition = self.field_definitions().get(field_path)
            if definition is None:
                raise RequestValidationError(
                    _PUT,
                    [FieldProblem(field_path, f"no such field in {self.registration_type}")],
                )
            definition.validate(value)
            kind = plain(definition.field_type)
        if kind is None:
            if isinstance(value, RegistrationAttachment):
                kind = "ATTACHMENT"
            elif isinstance(value, str):
                kind = "TEXT"
            else:
                kind = "SELECT"
        text: str | None = None
        choices: builtins.list[str] | None = None
        attachment: str | None = None
        if kind == "ATTACHMENT":
            attachment = value.id if isinstance(value, RegistrationAttachment) else str(value)
        elif kind == "SELECT":
            choices = [value] if isinstance(value, str) else [str(v) for v in value]  # type: ignore[union-attr]
        else:
            text = value if isinstance(value, str) else None
        with self._noting(f"setting {field_path} of"):
            result = self._client.put_registration_field_value(
                registration_id=self.id,
                field_path=field_path,
                select_choices=choices,
                text_value=text,
                registration_attachment_id=attachment,
            )
        return RegistrationFieldValueInformation.model_validate(
            {
                "field_path": result.field_path,
                "select_choices": result.select_choices,
                "text_value": result.text_value,
                "registration_attachment_id": result.registration_attachment_id,
            }
        )

    def clear_field(self, field_path: str) -> None:
        """Remove a field's value (DeleteRegistrationFieldValue)."""
        with self._noting(f"clearing {field_path} of"):
            self._client.delete_registration_field_value(
                registration_id=self.id, field_path=field_path
            )

    def attach(
        self,
        field_path: str,
        *,
        body: bytes | None = None,
        url: str | None = None,
        attachment: RegistrationAttachment | None = None,
    ) -> RegistrationAttachment:
        """Upload a file (`body` or an S3 `url`), or use `attachment`, as a field's value."""
        if attachment is None:
            attachment = RegistrationAttachment.create(body=body, url=url, client=self._client)
        elif body is not None or url is not None:
            raise ValueError("pass either an attachment or body/url, not both")
        self.set_field(field_path, attachment)
        return attachment

    # -- versions ------------------------------------------------------------------------------

    def versions(
        self,
        *,
        version_numbers: Sequence[int] | None = None,
        filters: Sequence[RegistrationVersionFilter | RegistrationVersionFilterDict] | None = None,
    ) -> ResourceList[RegistrationVersion]:
        """The registration's versions, lazily (DescribeRegistrationVersions)."""
        reg = self
        return ResourceList(
            self._client.registration_versions(
                registration_id=self.id, version_numbers=version_numbers, filters=filters
            ),
            lambda info: RegistrationVersion(reg.arn, reg.id, info, client=reg.client),
        )

    def version(self, version_number: int | None = None) -> RegistrationVersion:
        """One version (the current one by default)."""
        number = self.current_version_number if version_number is None else version_number
        return RegistrationVersion.get(f"{self.id}/{number}", client=self._client)

    def new_version(self) -> RegistrationVersion:
        """Start a new DRAFT version from the latest one (CreateRegistrationVersion).

        The draft starts with the previous version's values and attachments (copied when the
        service starts it empty), so a resubmission changes only what needs fixing. The
        registration is read again afterwards.
        """
        previous = self.current_version_number
        with self._noting("creating a version of"):
            result = self._client.create_registration_version(registration_id=self.id)
        self.refresh()
        version = self._version_from(result)
        if self.field_values().first() is None:
            for value in self.field_values(version_number=previous):
                self._put_value(value)
        return version

    def _put_value(self, value: RegistrationFieldValueInformation) -> None:
        with self._noting(f"copying {value.field_path} of"):
            self._client.put_registration_field_value(
                registration_id=self.id,
                field_path=value.field_path,
                select_choices=value.select_choices,
                text_value=value.text_value,
                registration_attachment_id=value.registration_attachment_id,
            )

    def submit(self, *, aws_review: bool | None = None) -> RegistrationVersion:
        """Submit the current version for review (SubmitRegistrationVersion).

        Returns the submitted version; the registration is read again afterwards.
        """
        with self._noting("submitting"):
            result = self._client.submit_registration_version(
                registration_id=self.id, aws_review=aws_review
            )
        self.refresh()
        return self._version_from(result)

    def discard(self) -> RegistrationVersion:
        """Discard the current DRAFT version (DiscardRegistrationVersion).

        Returns the discarded version; the registration is read again afterwards.
        """
        with self._noting("discarding the current version of"):
            result = self._client.discard_registration_version(registration_id=self.id)
        self.refresh()
        return self._version_from(result)

    def _version_from(self, result: object) -> RegistrationVersion:
        from smsv2.models import RegistrationVersionInformation

        info = merge_info(RegistrationVersionInformation, result)  # type: ignore[arg-type]
        if info is None:
            number = int(getattr(result, "version_number", self.current_version_number))
            return self.version(number)
        return RegistrationVersion(self.arn, self.id, info, client=self._client)

    # -- associations --------------------------------------------------------------------------

    def associate(
        self, resource: PhoneNumber | SenderId | Pool | str
    ) -> RegistrationAssociationMetadata:
        """Associate a phone number, sender ID or pool with the registration."""
        from smsv2.models import RegistrationAssociationMetadata

        resource_id = ref(resource, arn=True)
        with self._noting(f"associating {resource_id} with"):
            result = self._client.create_registration_association(
                registration_id=self.id, resource_id=resource_id
            )
        return RegistrationAssociationMetadata(
            resource_arn=result.resource_arn,
            resource_id=result.resource_id,
            resource_type=result.resource_type,
            iso_country_code=result.iso_country_code,
            phone_number=result.phone_number,
        )

    def associations(
        self,
        *,
        filters: Sequence[RegistrationAssociationFilter | RegistrationAssociationFilterDict]
        | None = None,
    ) -> ResourceList[RegistrationAssociationMetadata]:
        """The associated resources, lazily (ListRegistrationAssociations)."""
        return ResourceList(
            self._client.registration_associations(registration_id=self.id, filters=filters),
            same,
        )

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete the registration (DeleteRegistration)."""
        with self._noting("deleting", missing_ok=missing_ok):
            result = self._client.delete_registration(registration_id=self.id)
            self._merge(result, refetch=False)

    # -- registrations as code ------------------------------------------------------------------

    @classmethod
    def for_spec(
        cls, spec: RegistrationSpec, *, client: Client | None = None
    ) -> Registration | None:
        """The registration `spec` manages (tagged with its name), or None."""
        client = resolve_client(client)
        found = client.registrations(
            filters=[{"name": "registration-type", "values": [spec.registration_type]}]
        )
        for info in found:
            tags = client.list_tags_for_resource(resource_arn=info.registration_arn).tags or []
            if any(t.key == SPEC_TAG and t.value == spec.name for t in tags):
                return cls(info, client=client)
        return None

    @classmethod
    def plan(cls, spec: RegistrationSpec, *, client: Client | None = None) -> RegistrationPlan:
        """Check `spec` locally against the type's field definitions and diff it, field by
        field, with the latest version. Only reads: nothing is changed or sent for review."""
        client = resolve_client(client)
        definitions = {
            d.field_path: d
            for d in client.registration_field_definitions(registration_type=spec.registration_type)
        }
        problems = _spec_problems(spec, definitions)
        registration = cls.for_spec(spec, client=client)
        if registration is None:
            changes = tuple(
                FieldChange(p, "add", None, value_text(v)) for p, v in spec.fields.items()
            )
            action: Action = "blocked" if problems else "create"
            return RegistrationPlan(
                spec.name, spec.registration_type, None, None, None, action, changes,
                associate=tuple(spec.associate), problems=tuple(problems),
            )  # fmt: skip
        return registration._plan(spec, problems)

    def _plan(self, spec: RegistrationSpec, problems: list[FieldProblem]) -> RegistrationPlan:
        version = self.version()
        status = plain(version.status)
        current = {v.field_path: v for v in self.field_values()}
        changes: builtins.list[FieldChange] = []
        for path, wanted in spec.fields.items():
            old = current.get(path)
            if old is None:
                changes.append(FieldChange(path, "add", None, value_text(wanted)))
            elif not self._same(old, wanted, spec):
                changes.append(FieldChange(path, "change", _shown_value(old), value_text(wanted)))
        for path, old in current.items():
            if path not in spec.fields:
                changes.append(FieldChange(path, "remove", _shown_value(old), None))
        associated = {a.resource_id for a in self.associations()} | {
            a.resource_arn for a in self.associations()
        }
        to_associate = tuple(a for a in spec.associate if a not in associated)
        action: Action
        if changes and status in _IN_REVIEW:
            problem = f"version {version.version_number} is {status}: wait for the review"
            problems = [*problems, FieldProblem("<registration>", problem)]
        if problems:
            action = "blocked"
        elif changes:
            action = "update draft" if status == "DRAFT" else "new version"
        else:
            action = "submit" if status == "DRAFT" else "none"
        return RegistrationPlan(
            spec.name, spec.registration_type, self.id, version.version_number, status,
            action, tuple(changes), len(spec.fields) - sum(c.kind != "remove" for c in changes),
            to_associate, tuple(problems),
        )  # fmt: skip

    def _same(
        self, old: RegistrationFieldValueInformation, wanted: SpecValue, spec: RegistrationSpec
    ) -> bool:
        if isinstance(wanted, AttachmentSpec):
            if old.registration_attachment_id is None:
                return False
            attachment = RegistrationAttachment.get(
                old.registration_attachment_id, client=self._client
            )
            return attachment.tags().get(ATTACHMENT_TAG) == wanted.fingerprint(spec.base_dir)
        if isinstance(wanted, str):
            return old.text_value == wanted
        return list(old.select_choices or []) == list(wanted)

    @classmethod
    def apply(
        cls, spec: RegistrationSpec, *, client: Client | None = None, submit: bool = True
    ) -> Registration:
        """Make the registration say what `spec` says, then submit it.

        Creates the registration (or a new version when the current one was reviewed), sets
        only the changed fields, uploads attachments, associates identities as the type's
        association behaviour allows, and submits. Applying the same spec again changes
        nothing. Local problems raise `RequestValidationError` before any change.
        """
        client = resolve_client(client)
        plan = cls.plan(spec, client=client)
        if not plan.ok:
            raise RequestValidationError("SubmitRegistrationVersion", list(plan.problems))
        registration = cls.for_spec(spec, client=client)
        if registration is None:
            registration = cls.create(
                registration_type=spec.registration_type,
                tags={**spec.tags, SPEC_TAG: spec.name},
                client=client,
            )
            plan = registration._plan(spec, [])
        if plan.action == "new version":
            registration.new_version()
            plan = registration._plan(spec, [])
        for change in plan.changes:
            registration._apply_change(change, spec)
        registration._associate_allowed(plan.associate)
        if submit and plan.action in ("create", "new version", "update draft", "submit"):
            registration.submit()
        return registration

    def _apply_change(self, change: FieldChange, spec: RegistrationSpec) -> None:
        if change.kind == "remove":
            self.clear_field(change.field_path)
            return
        wanted = spec.fields[change.field_path]
        if isinstance(wanted, AttachmentSpec):
            tags = {ATTACHMENT_TAG: wanted.fingerprint(spec.base_dir)}
            body = wanted.resolve(spec.base_dir).read_bytes() if wanted.path else None
            attachment = RegistrationAttachment.create(
                body=body, url=wanted.url, tags=tags, client=self._client
            )
            self.set_field(change.field_path, attachment, check=False)
        else:
            self.set_field(change.field_path, wanted, check=False)

    def _associate_allowed(self, identities: Sequence[str]) -> None:
        behaviours = {
            plain(a.resource_type): plain(a.association_behavior)
            for a in self.definition().info.supported_associations or []
        }
        complete = plain(self.status) == "COMPLETE"
        for identity in identities:
            behaviour = _behaviour_for(identity, behaviours)
            if behaviour == "ASSOCIATE_BEFORE_SUBMIT" or complete:
                self.associate(identity)

    def wait(
        self,
        *,
        timeout: float = 30 * 86400.0,
        poll: float = 60.0,
        max_poll: float = 3600.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> ReviewOutcome:
        """Poll the current version, backing off from `poll` to `max_poll` seconds, until its review
        ends; a denial comes back as a
        [`ReviewOutcome`][smsv2.resources.registrations.ReviewOutcome] with its reasons.

        Safe to call again later (or on `Registration.get(id)`): it resumes from whatever
        status the version has. `WaitTimeoutError` after `timeout` seconds of sleeping.
        """
        waited = [0.0]

        def nap(seconds: float) -> None:
            sleep(seconds)
            waited[0] += seconds

        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_result(lambda outcome: outcome is None),
            wait=tenacity.wait_exponential(multiplier=poll, max=max_poll),
            stop=_stop_after(waited, timeout),
            sleep=nap,
            retry_error_callback=lambda state: None,
        )
        outcome = retrying(self.review_outcome)
        if outcome is None:
            status = plain(self.version().status)
            raise WaitTimeoutError(self._label(), ["APPROVED", "DENIED"], status, waited[0])
        return outcome

    def review_outcome(self) -> ReviewOutcome | None:
        """How the current version's review ended (reads it again), or None while it is a
        draft or under review."""
        self.refresh()
        version = self.version()
        status = plain(version.status)
        if status not in _TERMINAL:
            return None
        paths = builtins.list(self.field_definitions())
        reasons = tuple(DeniedReason.from_info(r, paths) for r in version.info.denied_reasons or [])
        return ReviewOutcome(
            self.id, version.version_number, status, reasons, version.info.feedback
        )

    # -- waiting -------------------------------------------------------------------------------

    def wait_until_complete(self, **options: Unpack[WaitOptions]) -> Self:
        """`wait_until("COMPLETE")`."""
        return self.wait_until("COMPLETE", **options)


_TERMINAL = frozenset({"APPROVED", "DENIED", "DISCARDED", "REVOKED", "ARCHIVED"})
_IN_REVIEW = frozenset({"SUBMITTED", "AWS_REVIEWING", "REVIEWING", "REQUIRES_AUTHENTICATION"})
_PHONE_TYPES = frozenset({"TOLL_FREE", "TEN_DLC", "LONG_CODE", "SHORT_CODE", "SIMULATOR"})


def _stop_after(waited: builtins.list[float], timeout: float) -> Callable[[object], bool]:
    # Counts the seconds given to ``sleep`` (a fake clock's advance), not the wall clock.
    return lambda _state: waited[0] >= timeout


def _shown_value(value: RegistrationFieldValueInformation) -> str | None:
    if value.registration_attachment_id is not None:
        return f"attachment {value.registration_attachment_id}"
    if value.select_choices is not None:
        return ", ".join(value.select_choices)
    return value.text_value


def _behaviour_for(identity: str, behaviours: Mapping[str, str]) -> str | None:
    """The association behaviour that applies to `identity` (by what its ID names)."""
    if identity.startswith("registration-") or ":registration/" in identity:
        kinds = [k for k in behaviours if k.endswith("_REGISTRATION")]
    elif identity.startswith(("phone-", "+")) or ":phone-number/" in identity:
        kinds = [k for k in behaviours if k in _PHONE_TYPES]
    elif identity.startswith("rcs-") or ":rcs-agent/" in identity:
        kinds = [k for k in behaviours if k == "RCS_AGENT"]
    else:
        kinds = [k for k in behaviours if k == "SENDER_ID"]
    return behaviours[kinds[0]] if kinds else None


def _spec_problems(
    spec: RegistrationSpec, definitions: Mapping[str, RegistrationFieldDefinition]
) -> builtins.list[FieldProblem]:
    """Every local problem of `spec`: unknown fields, values breaking their definition,
    missing required fields and fields the conditional rules disallow."""
    problems: builtins.list[FieldProblem] = []
    for path, value in spec.fields.items():
        definition = definitions.get(path)
        if definition is None:
            problems.append(FieldProblem(path, f"no such field in {spec.registration_type}"))
            continue
        if isinstance(value, AttachmentSpec):
            if plain(definition.field_type) != "ATTACHMENT":
                problems.append(FieldProblem(path, "only ATTACHMENT fields take a file"))
            elif value.path is not None and not value.resolve(spec.base_dir).is_file():
                problems.append(FieldProblem(path, "the attachment file does not exist"))
            continue
        problems.extend(FieldDefinition(definition).check(value))
    for path, definition in definitions.items():
        needed, rule = requirement(definition, spec.fields)
        if needed == "REQUIRED" and path not in spec.fields:
            problems.append(FieldProblem(path, "is required"))
        elif needed == "DISALLOWED" and path in spec.fields:
            problems.append(FieldProblem(path, "is not allowed with the other answers given"))
        elif rule is not None and path in spec.fields:
            problems.extend(_conditional_problems(path, rule, spec.fields[path]))
    return problems


def _conditional_problems(path: str, rule: object, value: SpecValue) -> builtins.list[FieldProblem]:
    allowed = getattr(rule, "allowed_values", None)
    if allowed and not isinstance(value, (str, AttachmentSpec)):
        bad = [v for v in value if v not in allowed]
        if bad:
            return [FieldProblem(path, f"with these answers, allowed: {', '.join(allowed)}")]
    if isinstance(value, str):
        low, high = getattr(rule, "min_length", None), getattr(rule, "max_length", None)
        if (low is not None and len(value) < low) or (high is not None and len(value) > high):
            return [FieldProblem(path, f"with these answers, length must be {low} to {high}")]
        pattern = getattr(rule, "pattern", None)
        if pattern and re.fullmatch(pattern, value) is None:
            return [FieldProblem(path, f"with these answers, must match {pattern}")]
    return []


class RegistrationVersion(
    RegistrationVersionInformationFields,
    Resource["RegistrationVersionInformation"],
    Waitable[RegistrationVersionStatus | RegistrationVersionStatusLiteral],
):
    """One version of a registration (RegistrationVersionInformation).

    Its `arn` is the registration's ARN followed by `/version/<n>`; its `id` is
    `"<registration id>/<n>"`.
    """

    kind: ClassVar[str] = "RegistrationVersion"
    _status_member: ClassVar[str | None] = "registration_version_status"
    _failed_statuses: ClassVar[frozenset[str]] = frozenset(
        {"DENIED", "DISCARDED", "REVOKED", "ARCHIVED"}
    )
    _wait_timeout: ClassVar[float] = 3600.0
    _wait_poll: ClassVar[float] = 30.0
    __slots__ = ("_registration_arn", "_registration_id")

    def __init__(
        self,
        registration_arn: str,
        registration_id: str,
        info: RegistrationVersionInformation,
        *,
        client: Client | None = None,
    ) -> None:
        """Wrap a version already read (no request is made)."""
        super().__init__(info, client=client)
        self._registration_arn = registration_arn
        self._registration_id = registration_id

    @classmethod
    def get(cls, resource_id: str, /, *, client: Client | None = None) -> Self:
        """The version with this `id` (`"<registration id>/<n>"`) or ARN."""
        client = resolve_client(client)
        registration, _, number = resource_id.rpartition("/")
        registration = registration.removesuffix("/version")
        if not registration or not number.isdigit():
            problem = FieldProblem("resource_id", "expected <registration ID or ARN>/<number>")
            raise RequestValidationError("DescribeRegistrationVersions", [problem])
        result = client.describe_registration_versions(
            registration_id=registration, version_numbers=[int(number)]
        )
        info = found_one(
            result.registration_versions,
            f"{cls.kind} {resource_id}",
            "DescribeRegistrationVersions",
        )
        return cls(result.registration_arn, result.registration_id, info, client=client)

    @property
    def arn(self) -> str:
        """The registration's ARN followed by `/version/<n>`."""
        return f"{self._registration_arn}/version/{self._info.version_number}"

    @property
    def id(self) -> str:
        """`"<registration id>/<version number>"`."""
        return f"{self._registration_id}/{self._info.version_number}"

    @property
    def registration_id(self) -> str:
        """The registration's ID."""
        return self._registration_id

    @property
    def status(self) -> RegistrationVersionStatus | str:
        """Same as `registration_version_status`."""
        return self._info.registration_version_status

    def _fetch(self) -> RegistrationVersionInformation:
        return self.get(self.id, client=self._client).info

    def registration(self) -> Registration:
        """The registration this version belongs to (a request)."""
        return Registration.get(self._registration_id, client=self._client)

    def field_values(self) -> ResourceList[RegistrationFieldValueInformation]:
        """This version's field values, lazily."""
        return ResourceList(
            self._client.registration_field_values(
                registration_id=self._registration_id, version_number=self.version_number
            ),
            same,
        )

    def wait_until_approved(self, **options: Unpack[WaitOptions]) -> Self:
        """`wait_until("APPROVED")`."""
        return self.wait_until("APPROVED", **options)


class RegistrationAttachment(
    RegistrationAttachmentsInformationFields,
    TaggableResource[RegistrationAttachmentsInformation],
    Waitable[AttachmentStatus | AttachmentStatusLiteral],
):
    """A file attached to registrations (RegistrationAttachmentsInformation)."""

    kind: ClassVar[str] = "RegistrationAttachment"
    _status_member: ClassVar[str | None] = "attachment_status"
    _failed_statuses: ClassVar[frozenset[str]] = frozenset({"UPLOAD_FAILED", "DELETED"})
    __slots__ = ()

    @classmethod
    def create(
        cls,
        *,
        body: bytes | None = None,
        url: str | None = None,
        tags: Mapping[str, str] | None = None,
        client: Client | None = None,
    ) -> RegistrationAttachment:
        """Upload a file, as bytes or from an S3 URL (CreateRegistrationAttachment)."""
        if (body is None) == (url is None):
            raise ValueError("pass exactly one of body or url")
        client = resolve_client(client)
        result = client.create_registration_attachment(
            attachment_body=body, attachment_url=url, tags=tag_list(tags)
        )
        return cls._created(client, result, result.registration_attachment_id)

    def delete(self, *, missing_ok: bool = False) -> None:
        """Delete the attachment (DeleteRegistrationAttachment)."""
        with self._noting("deleting", missing_ok=missing_ok):
            self._client.delete_registration_attachment(registration_attachment_id=self.id)


__all__ = [
    "FieldDefinition",
    "FieldValue",
    "Registration",
    "RegistrationAttachment",
    "RegistrationType",
    "RegistrationVersion",
    "SectionDefinition",
]
