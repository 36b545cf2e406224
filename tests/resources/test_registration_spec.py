"""Registrations as code: RegistrationSpec, Registration.plan/apply/wait, new_version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import smsv2
from smsv2.errors import RequestValidationError, WaitTimeoutError
from smsv2.resources import Registration, RegistrationSpec
from smsv2.testing import FakeSmsVoice, ReviewReason

EXAMPLES = Path(__file__).parent.parent.parent / "examples" / "registrations"


def brand_spec(**fields: object) -> RegistrationSpec:
    loaded = RegistrationSpec.load(EXAMPLES / "brand.json")
    merged = {**loaded.fields, **fields}
    return loaded.model_copy(update={"fields": {k: v for k, v in merged.items() if v is not None}})


def toll_free_spec(client: smsv2.Client) -> tuple[RegistrationSpec, str]:
    """The example toll-free spec, associating a new toll-free number (its ID)."""
    number = client.request_phone_number(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
    ).phone_number_id
    assert number is not None
    spec = RegistrationSpec.load(EXAMPLES / "toll-free.toml")
    return spec.model_copy(update={"associate": [number]}), number


def test_load_reads_toml_json_and_yaml(tmp_path: Path) -> None:
    toml = RegistrationSpec.load(EXAMPLES / "toll-free.toml")
    assert toml.registration_type == "US_TOLL_FREE_REGISTRATION"
    assert toml.fields["messagingUseCase.optInImage"].path == "opt-in.png"  # type: ignore[union-attr]
    assert toml.base_dir == EXAMPLES
    data = json.loads((EXAMPLES / "brand.json").read_text())
    yaml_file = tmp_path / "brand.yaml"
    yaml_file.write_text(
        "name: example-brand\nregistration_type: US_TEN_DLC_BRAND_REGISTRATION\nfields:\n"
        + "".join(f"  {k}: {json.dumps(v)}\n" for k, v in data["fields"].items())
    )
    assert (
        RegistrationSpec.load(yaml_file).fields
        == RegistrationSpec.load(EXAMPLES / "brand.json").fields
    )


def test_a_bad_spec_file_names_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": "x", "fields": {"a": {"path": "f", "url": "s3://b/f"}}}))
    with pytest.raises(RequestValidationError) as exc:
        RegistrationSpec.load(bad)
    fields = {p.field for p in exc.value.problems}
    assert "registration_type" in fields
    assert any(f.startswith("fields.a") for f in fields)  # both path and url
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "x\nsecret +12065550100')
    with pytest.raises(RequestValidationError) as exc:
        RegistrationSpec.load(broken)
    assert "12065550100" not in str(exc.value)
    with pytest.raises(RequestValidationError):
        RegistrationSpec.load(tmp_path / "spec.ini") if (tmp_path / "spec.ini").write_text(
            ""
        ) == 0 else None


def test_plan_finds_every_local_problem_and_sends_nothing(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    spec = brand_spec(
        **{
            "companyInfo.city": None,  # required
            "companyInfo.legalType": ["NOT_AN_OPTION"],
            "companyInfo.taxIdIssuingCountry": "usa",
            "companyInfo.stockSymbol": "EXM",  # disallowed unless PUBLIC_PROFIT
            "contactInfo.nickname": "x",
        }
    )
    plan = Registration.plan(spec, client=client)
    problems = {(p.field, p.message) for p in plan.problems}
    fields = {p.field for p in plan.problems}
    assert {
        "companyInfo.city",
        "companyInfo.legalType",
        "companyInfo.taxIdIssuingCountry",
        "companyInfo.stockSymbol",
        "contactInfo.nickname",
    } <= fields
    assert ("companyInfo.city", "is required") in problems
    assert not plan.ok and plan.action == "blocked"
    assert client.describe_registrations().registrations == []
    with pytest.raises(RequestValidationError):
        Registration.apply(spec, client=client)
    assert client.describe_registrations().registrations == []


def test_conditional_rules_require_fields(client: smsv2.Client) -> None:
    public = brand_spec(**{"companyInfo.legalType": ["PUBLIC_PROFIT"]})
    fields = {p.field for p in Registration.plan(public, client=client).problems}
    assert fields == {
        "companyInfo.stockSymbol",
        "companyInfo.stockExchange",
        "companyInfo.businessContactEmail",
    }
    complete = brand_spec(
        **{
            "companyInfo.legalType": ["PUBLIC_PROFIT"],
            "companyInfo.stockSymbol": "EXM",
            "companyInfo.stockExchange": ["NASDAQ"],
            "companyInfo.businessContactEmail": "ceo@example.com",
        }
    )
    assert Registration.plan(complete, client=client).ok


def test_apply_denial_fix_resubmit_and_idempotence(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    spec = brand_spec()
    registration = Registration.apply(spec, client=client)
    assert registration.version().status == "SUBMITTED"
    again = Registration.plan(spec, client=client)
    assert (again.action, again.changes) == ("none", ())
    Registration.apply(spec, client=client)  # applying again changes nothing
    assert [v.version_number for v in registration.versions()] == [1]
    assert "12065550100" not in repr(spec) + repr(again)
    changed = brand_spec(**{"companyInfo.city": "Othertown"})
    under_review = Registration.plan(changed, client=client)
    assert under_review.action == "blocked"
    assert "is SUBMITTED: wait for the review" in str(under_review)

    outcome = registration.wait(sleep=fake.advance, poll=600)
    assert outcome.denied
    (reason,) = outcome.reasons
    assert reason.reason == "NON_BUSINESS_EMAIL"
    assert reason.field_paths == ("contactInfo.supportEmail",)
    assert reason.documentation_link is not None
    assert "NON_BUSINESS_EMAIL" in str(outcome)

    fixed = brand_spec(**{"contactInfo.supportEmail": "support@example.com"})
    plan = Registration.plan(fixed, client=client)
    assert plan.action == "new version"
    assert [(c.field_path, c.kind) for c in plan.changes] == [
        ("contactInfo.supportEmail", "change")
    ]
    assert "~ contactInfo.supportEmail: example.support@gmail.com -> support@example.com" in str(
        plan
    )
    Registration.apply(fixed, client=client)
    assert registration.wait(sleep=fake.advance, poll=600).approved
    statuses = [(v.version_number, v.status) for v in registration.versions()]
    assert statuses == [(1, "DENIED"), (2, "APPROVED")]
    v2 = {v.field_path: v for v in registration.field_values(version_number=2)}
    assert len(v2) == len(fixed.fields)  # the new version kept every earlier answer


def test_explicit_denial_with_several_reasons(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    spec, number = toll_free_spec(client)
    registration = Registration.apply(spec, client=client)
    assert [a.resource_id for a in registration.associations()] == [number]
    fake.deny(
        registration.id,
        reasons=[
            ReviewReason("A", ["messagingUseCase.privacyPolicyUrl"], "Add it."),
            ReviewReason("B", ["messageSamples.messageSample1", "companyInfo.website"]),
        ],
        feedback="two things",
    )
    outcome = registration.review_outcome()
    assert outcome is not None and outcome.denied and outcome.feedback == "two things"
    assert [(r.reason, r.field_paths) for r in outcome.reasons] == [
        ("A", ("messagingUseCase.privacyPolicyUrl",)),
        ("B", ("companyInfo.website", "messageSamples.messageSample1")),
    ]


def test_toll_free_review_follows_the_published_requirements(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    spec, _number = toll_free_spec(client)
    registration = Registration.apply(spec, client=client)
    outcome = registration.wait(sleep=fake.advance, poll=600)
    assert [r.reason for r in outcome.reasons] == ["MISSING_POLICY_URLS"]
    assert outcome.reasons[0].field_paths == (
        "messagingUseCase.privacyPolicyUrl",
        "messagingUseCase.termsAndConditionsUrl",
    )
    fixed = spec.model_copy(
        update={
            "fields": {
                **spec.fields,
                "messagingUseCase.privacyPolicyUrl": "https://example.com/privacy",
                "messagingUseCase.termsAndConditionsUrl": "https://example.com/terms",
            }
        }
    )
    plan = Registration.plan(fixed, client=client)
    assert {c.field_path for c in plan.changes} == {
        "messagingUseCase.privacyPolicyUrl",
        "messagingUseCase.termsAndConditionsUrl",
    }  # the unchanged attachment is recognised by its hash
    Registration.apply(fixed, client=client)
    assert registration.wait(sleep=fake.advance, poll=600).approved


def test_wait_times_out_and_resumes(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    registration = Registration.apply(brand_spec(), client=client)
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        fake.advance(seconds)

    with pytest.raises(WaitTimeoutError):
        registration.wait(sleep=sleep, poll=60, max_poll=600, timeout=3000)
    assert slept[:3] == [60.0, 120.0, 240.0] and max(slept) == 600.0  # backs off
    resumed = Registration.get(registration.id, client=client)
    assert resumed.wait(sleep=fake.advance, poll=600).denied


def example_spec(client: smsv2.Client, name: str, registration_type: str) -> RegistrationSpec:
    """A spec answering every REQUIRED field of a type with its example (or first option)."""
    fields: dict[str, object] = {}
    for d in client.registration_field_definitions(registration_type=registration_type):
        if d.field_requirement != "REQUIRED":
            continue
        if d.select_validation is not None:
            fields[d.field_path] = d.select_validation.options[: d.select_validation.min_choices]
        else:
            fields[d.field_path] = d.display_hints.example_text_value
    return RegistrationSpec.model_validate(
        {"name": name, "registration_type": registration_type, "fields": fields}
    )


def test_a_campaign_is_associated_with_its_brand_before_submission(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    brand = Registration.apply(
        brand_spec(**{"contactInfo.supportEmail": "support@example.com"}), client=client
    )
    assert brand.wait(sleep=fake.advance, poll=600).approved
    spec = example_spec(client, "campaign", "US_TEN_DLC_CAMPAIGN_REGISTRATION")
    spec = spec.model_copy(update={"associate": [brand.id]})
    plan = Registration.plan(spec, client=client)
    assert plan.ok and plan.associate == (brand.id,)
    campaign = Registration.apply(spec, client=client)
    assert [a.resource_id for a in campaign.associations()] == [brand.id]
    assert campaign.version().status == "SUBMITTED"
    assert Registration.plan(spec, client=client).associate == ()
