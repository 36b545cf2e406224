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
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, TypeVar, Union

from smsv2._generated.resource_fields import (
    RegistrationAttachmentsInformationFields,
    RegistrationFieldDefinitionFields,
    RegistrationInformationFields,
    RegistrationSectionDefinitionFields,
    RegistrationTypeDefinitionFields,
    RegistrationVersionInformationFields,
)
from smsv2.errors import FieldProblem, RequestValidationError
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

        The registration is read again afterwards.
        """
        with self._noting("creating a version of"):
            result = self._client.create_registration_version(registration_id=self.id)
        self.refresh()
        return self._version_from(result)

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

    # -- waiting -------------------------------------------------------------------------------

    def wait_until_complete(self, **options: Unpack[WaitOptions]) -> Self:
        """`wait_until("COMPLETE")`."""
        return self.wait_until("COMPLETE", **options)


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
