"""Registrations as code, against smsv2.testing's fake: a 10DLC brand and a toll-free
verification go from a spec file to approval, through one denial and a resubmission.

Run: ``python examples/registrations_as_code.py`` (no AWS account needed). The specs are in
``examples/registrations/``; docs/resources/registrations.md walks through this script.
"""

from __future__ import annotations

from pathlib import Path

import smsv2
from smsv2.resources import Registration, RegistrationSpec
from smsv2.testing import FakeSmsVoice, ReviewReason, mock_sms_voice

SPECS = Path(__file__).parent / "registrations"
DAY = 86400.0


def brand(client: smsv2.Client, fake: FakeSmsVoice) -> None:
    spec = RegistrationSpec.load(SPECS / "brand.json")
    print(Registration.plan(spec, client=client))  # local checks and the diff; nothing sent
    registration = Registration.apply(spec, client=client)
    # The fake's reviewer follows AWS's published requirements: a free-mail support address
    # is denied. wait() polls with backoff; the fake clock moves instead of sleeping.
    outcome = registration.wait(sleep=fake.advance, poll=600)
    print(outcome)
    # Fix what the denial names and apply again: a new version starts from v1's values, and
    # only the changed field is set.
    fixed = spec.model_copy(
        update={"fields": {**spec.fields, "contactInfo.supportEmail": "support@example.com"}}
    )
    print(Registration.plan(fixed, client=client))
    Registration.apply(fixed, client=client)
    print(registration.wait(sleep=fake.advance, poll=600))
    print(Registration.plan(fixed, client=client))  # applied: nothing left to do


def toll_free(client: smsv2.Client, fake: FakeSmsVoice) -> None:
    number = client.request_phone_number(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
    )
    loaded = RegistrationSpec.load(SPECS / "toll-free.toml")
    spec = loaded.model_copy(update={"associate": [number.phone_number_id]})
    print(Registration.plan(spec, client=client))
    registration = Registration.apply(spec, client=client)
    # A test can decide the review itself, with several reasons and their field paths.
    fake.deny(
        registration.id,
        reasons=[
            ReviewReason(
                "MISSING_POLICY_URLS",
                ["messagingUseCase.privacyPolicyUrl", "messagingUseCase.termsAndConditionsUrl"],
                "New toll-free registrations need a privacy policy and terms URL.",
            ),
            ReviewReason(
                "OPT_IN_UNCLEAR",
                ["messagingUseCase.optInDescription"],
                "Say where the opt-in happens and what the user agrees to.",
            ),
        ],
    )
    print(registration.wait(sleep=fake.advance))
    fixed = spec.model_copy(
        update={
            "fields": {
                **spec.fields,
                "messagingUseCase.privacyPolicyUrl": "https://example.com/privacy",
                "messagingUseCase.termsAndConditionsUrl": "https://example.com/terms",
                "messagingUseCase.optInDescription": (
                    "Users enter their number on example.com/sign-in and tick an unchecked box "
                    "agreeing to receive one-time passcodes by SMS."
                ),
            }
        }
    )
    print(Registration.plan(fixed, client=client))
    Registration.apply(fixed, client=client)
    print(registration.wait(sleep=fake.advance, poll=600))
    for version in registration.versions():
        print(f"  v{version.version_number} {version.status}")


def main() -> None:
    with mock_sms_voice(settle="manual", start_time=1_800_000_000.0) as fake:
        client = smsv2.Client(region_name="us-east-1")
        brand(client, fake)
        fake.advance(DAY)
        toll_free(client, fake)


if __name__ == "__main__":
    main()
