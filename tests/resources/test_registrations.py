"""Registrations through the object API: definitions, checked field values, versions."""

from __future__ import annotations

import pytest

import smsv2
from smsv2.errors import ConflictException, RequestValidationError
from smsv2.resources import (
    FieldDefinition,
    PhoneNumber,
    Registration,
    RegistrationAttachment,
    RegistrationType,
    RegistrationVersion,
    UnexpectedStatusError,
)
from smsv2.testing import FakeSmsVoice

BRAND = "US_TEN_DLC_BRAND_REGISTRATION"
PDF = b"%PDF-1.4\n% opt-in screenshot\n"


def _fill_required(registration: Registration) -> int:
    """Answer every REQUIRED field from the definitions alone (example text, first option)."""
    filled = 0
    for definition in registration.field_definitions().values():
        if not definition.required:
            continue
        kind = str(definition.field_type)
        if kind == "TEXT":
            registration.set_field(
                definition.field_path, definition.display_hints.example_text_value or "x"
            )
        elif kind == "SELECT":
            assert definition.select_validation is not None
            registration.set_field(definition.field_path, [definition.select_validation.options[0]])
        else:
            registration.attach(definition.field_path, body=PDF)
        filled += 1
    return filled


def test_definitions_are_typed_objects(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    types = {t.registration_type: t for t in RegistrationType.list(client=client)}
    assert BRAND in types
    brand = RegistrationType.get(BRAND, client=client)
    assert brand.display_hints.title
    sections = brand.sections().to_list()
    assert [s.section_path for s in sections] == ["companyInfo", "contactInfo"]
    company_fields = sections[0].fields().to_list()
    assert company_fields and all(f.section_path == "companyInfo" for f in company_fields)
    legal = brand.field("companyInfo.legalType")
    assert isinstance(legal, FieldDefinition)
    assert str(legal.field_type) == "SELECT" and legal.required
    assert legal.select_validation is not None and "NON_PROFIT" in legal.select_validation.options
    with pytest.raises(smsv2.errors.ValidationException) as caught:
        brand.field("companyInfo.nope")
    assert caught.value.reason == "UNKNOWN_REGISTRATION_FIELD"


def test_set_field_checks_the_definition_before_sending(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    reg = Registration.create(registration_type=BRAND, client=client)
    reg.field_definitions()  # read the definitions once

    def problems(path: str, value: object) -> list[str]:
        with pytest.raises(RequestValidationError) as caught:
            reg.set_field(path, value)  # type: ignore[arg-type]
        assert set(caught.value.fields) == {path}
        assert caught.value.operation == "PutRegistrationFieldValue"
        return [p.message for p in caught.value.problems]

    assert "not one of the options" in problems("companyInfo.legalType", ["CHARITY"])[0]
    assert "choices" in problems("companyInfo.legalType", ["NON_PROFIT", "GOVERNMENT"])[0]
    assert (
        "length must be 2 to 2 characters, got 3"
        in problems("companyInfo.taxIdIssuingCountry", "USA")[0]
    )
    assert "pattern" in problems("companyInfo.taxIdIssuingCountry", "us")[0]
    assert "pattern" in problems("contactInfo.supportEmail", "not-an-email")[0]
    assert "TEXT field takes a string" in problems("companyInfo.companyName", ["A"])[0]
    assert "no such field" in problems("companyInfo.unknown", "x")[0]
    # nothing was stored
    assert reg.field_values().to_list() == []

    value = reg.set_field("companyInfo.legalType", "NON_PROFIT")
    assert value.select_choices == ["NON_PROFIT"]
    assert reg.set_field("companyInfo.taxIdIssuingCountry", "US").text_value == "US"
    assert reg.field_value("companyInfo.taxIdIssuingCountry") is not None
    reg.set_field("companyInfo.stockSymbol", "EXMP")
    reg.clear_field("companyInfo.stockSymbol")
    assert reg.field_value("companyInfo.stockSymbol") is None


def test_registration_from_create_to_complete_with_history(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    reg = Registration.create(registration_type=BRAND, tags={"team": "a"}, client=client)
    assert (reg.status, reg.current_version_number) == ("CREATED", 1)
    assert _fill_required(reg) > 5

    submitted = reg.submit()
    assert isinstance(submitted, RegistrationVersion)
    assert submitted.registration_version_status == "SUBMITTED"
    assert submitted.registration_version_status_history.submitted_timestamp is not None
    assert reg.status == "SUBMITTED"  # submit() read the registration again
    with pytest.raises(ConflictException) as caught:
        reg.submit()
    assert caught.value.reason == "REGISTRATION_ALREADY_SUBMITTED"

    # the review runs on the fake's clock
    reg.wait_until_complete(sleep=fake.advance, poll=3600, timeout=3 * 86400)
    assert reg.approved_version_number == 1
    assert submitted.refresh().status == "APPROVED"
    history = submitted.registration_version_status_history
    assert history.reviewing_timestamp is not None and history.approved_timestamp is not None

    draft = reg.new_version()
    assert (draft.version_number, draft.status) == (2, "DRAFT")
    assert reg.current_version_number == 2
    discarded = reg.discard()
    assert (discarded.version_number, discarded.status) == (2, "DISCARDED")

    # read back through the objects alone
    again = Registration.get(reg.registration_id, client=client)
    assert again == reg and again.status == "COMPLETE"
    versions = again.versions().to_list()
    assert [(v.version_number, str(v.status)) for v in versions] == [
        (1, "APPROVED"),
        (2, "DISCARDED"),
    ]
    assert versions[0] == submitted and versions[0].registration().id == reg.id
    assert {f.field_path for f in versions[0].field_values()} >= {"companyInfo.companyName"}
    assert again.version(1) == submitted
    assert again.tags() == {"team": "a"}
    assert reg in Registration.list(client=client).to_list()


def test_denied_version_stops_the_wait(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    reg = Registration.create(registration_type=BRAND, client=client)
    _fill_required(reg)
    version = reg.submit()
    fake.advance(3600)
    fake.deny(reg.id, feedback="fix the address")
    with pytest.raises(UnexpectedStatusError) as caught:
        version.wait_until_approved(sleep=fake.advance)
    assert caught.value.status == "DENIED"
    assert version.feedback == "fix the address"
    assert reg.refresh().status == "REQUIRES_UPDATES"


def test_toll_free_with_attachment_and_association(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    number = PhoneNumber.request(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
        client=client,
    ).wait_until_active(sleep=fake.advance)
    reg = Registration.create(registration_type="US_TOLL_FREE_REGISTRATION", client=client)
    _fill_required(reg)
    attachment_id = reg.field_value("messagingUseCase.optInImage")
    assert attachment_id is not None and attachment_id.registration_attachment_id
    attachment = RegistrationAttachment.get(attachment_id.registration_attachment_id, client=client)
    attachment.wait_until("UPLOAD_COMPLETE", sleep=fake.advance, poll=1)
    assert attachment in RegistrationAttachment.list(client=client).to_list()

    association = reg.associate(number)
    assert (
        association.resource_id == number.phone_number_id or association.resource_arn == number.arn
    )
    assert [a.resource_arn for a in reg.associations()] == [number.arn]
    assert reg.submit().status == "SUBMITTED"
    fake.advance(3600)
    fake.approve(reg.id)
    assert reg.refresh().status == "COMPLETE"


def test_delete_registration(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    reg = Registration.create(registration_type=BRAND, client=client)
    reg.delete()
    reg.delete(missing_ok=True)
    attachment = RegistrationAttachment.create(body=PDF, client=client)
    attachment.delete()
    attachment.delete(missing_ok=True)
    with pytest.raises(ValueError):
        RegistrationAttachment.create(client=client)
