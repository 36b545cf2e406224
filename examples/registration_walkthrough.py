"""Fill in, submit and follow a registration with the object API, against smsv2.testing's fake.

Run: ``python examples/registration_walkthrough.py`` (no AWS account needed).
"""

from __future__ import annotations

from smsv2.errors import RequestValidationError
from smsv2.resources import Registration, RegistrationType
from smsv2.testing import mock_sms_voice

BRAND = "US_TEN_DLC_BRAND_REGISTRATION"
ANSWERS: dict[str, str | list[str]] = {
    "companyInfo.companyName": "Example Corp",
    "companyInfo.taxIdIssuingCountry": "US",
    "companyInfo.taxId": "12-3456789",
    "companyInfo.legalType": ["PRIVATE_PROFIT"],
    "companyInfo.address": "123 Any Street",
    "companyInfo.city": "Anytown",
    "companyInfo.state": "WA",
    "companyInfo.zipCode": "98101",
    "companyInfo.isoCountryCode": "US",
    "contactInfo.dbaName": "Example",
    "contactInfo.vertical": ["TECHNOLOGY"],
    "contactInfo.website": "https://example.com",
    "contactInfo.supportEmail": "support@example.com",
    "contactInfo.supportPhoneNumber": "+12065550100",
}


def main() -> None:
    with mock_sms_voice(settle="manual") as fake:
        # What does this registration type ask for?
        brand = RegistrationType.get(BRAND)
        print(brand.registration_type, "-", brand.display_hints.title)
        for section in brand.sections():
            required = [f.field_path for f in section.fields() if f.required]
            print(f"  {section.section_path}: {len(required)} required fields")

        registration = Registration.create(registration_type=BRAND)
        print(registration)

        # Values are checked against the field definitions before anything is sent.
        try:
            registration.set_field("companyInfo.taxIdIssuingCountry", "usa")
        except RequestValidationError as exc:
            for problem in exc.problems:
                print("  refused:", problem.field, "-", problem.message)

        for path, value in ANSWERS.items():
            registration.set_field(path, value)

        version = registration.submit()
        print("submitted version", version.version_number, version.status, registration.status)

        # The review takes a day or so; the fake's clock moves instead of sleeping.
        registration.wait_until_complete(sleep=fake.advance, poll=3600, timeout=3 * 86400)
        print("registration", registration.status)

        for v in registration.versions():
            history = v.registration_version_status_history
            print(f"  v{v.version_number} {v.status}: approved at {history.approved_timestamp}")


if __name__ == "__main__":
    main()
