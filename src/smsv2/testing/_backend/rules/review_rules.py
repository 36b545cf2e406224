"""What the fake's reviewer checks when a review decides on its own (`rules.review`), and
the conditional field rules of the catalog (`ConditionalBehavior`).

Each rule follows a requirement AWS publishes (docs/fake-fidelity.md cites them); a version
that breaks none is approved. Each denied reason names the field paths to fix in its
`LongDescription`, the way the service's reasons point at what to change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from smsv2._public import publish

from .._base import JsonDict

#: Toll-free registration page of the End User Messaging user guide: from 2026-09-15 new
#: toll-free registrations need a Privacy Policy URL and a Terms and Conditions URL.
TOLL_FREE_DOC = (
    "Toll-free registration",
    "https://docs.aws.amazon.com/end-user-messaging/latest/userguide/nx-reg-type-tollfree.html",
)
#: Opt-in requirements checklist of the SMS user guide (sample messages with opt-out
#: instructions; a live website matching the brand).
OPT_IN_DOC = (
    "Opt-in requirements checklist",
    "https://docs.aws.amazon.com/sms-voice/latest/userguide/registration-help-quickstart.html",
)
#: Free mail domains a reviewer does not take as a business contact (the fake's choice).
FREE_MAIL_DOMAINS = frozenset({"gmail.com", "yahoo.com", "hotmail.com", "outlook.com"})
_OPT_OUT = re.compile(r"\bSTOP\b", re.IGNORECASE)

Values = Mapping[str, JsonDict]
Rule = Callable[[Values], "JsonDict | None"]


def denial(
    reason: str,
    short: str,
    field_paths: list[str],
    guidance: str,
    doc: tuple[str, str] | None = None,
) -> JsonDict:
    """A RegistrationDeniedReasonInformation naming `field_paths` in its long description."""
    title, link = doc if doc is not None else (None, None)
    return ReviewReason(reason, field_paths, guidance, short, title, link).to_wire()


@dataclass(frozen=True)
class ReviewReason:
    """One reason a test gives `FakeSmsVoice.deny`: the reason code, the field paths to fix
    and the reviewer's guidance (they go into the service's RegistrationDeniedReasonInformation)."""

    reason: str
    field_paths: Sequence[str] = ()
    guidance: str = "Update the fields named and resubmit."
    short_description: str | None = None
    documentation_title: str | None = None
    documentation_link: str | None = None

    def to_wire(self) -> JsonDict:
        """The RegistrationDeniedReasonInformation the fake answers."""
        out: JsonDict = {
            "Reason": self.reason,
            "ShortDescription": self.short_description or self.reason,
            "LongDescription": (
                f"{self.guidance} Fields: {', '.join(self.field_paths)}."
                if self.field_paths
                else self.guidance
            ),
        }
        if self.documentation_title:
            out["DocumentationTitle"] = self.documentation_title
        if self.documentation_link:
            out["DocumentationLink"] = self.documentation_link
        return out


def _text(values: Values, path: str) -> str | None:
    value = values.get(path)
    return None if value is None else value.get("TextValue")


def _toll_free_policy_urls(values: Values) -> JsonDict | None:
    missing = [
        path
        for path in ("messagingUseCase.privacyPolicyUrl", "messagingUseCase.termsAndConditionsUrl")
        if not _text(values, path)
    ]
    if not missing:
        return None
    return denial(
        "MISSING_POLICY_URLS",
        "Privacy policy or terms URL missing",
        missing,
        "New toll-free registrations need a public privacy policy URL and terms and "
        "conditions URL.",
        TOLL_FREE_DOC,
    )


def _sample_has_opt_out(values: Values) -> JsonDict | None:
    sample = _text(values, "messageSamples.messageSample1") or ""
    if _OPT_OUT.search(sample):
        return None
    return denial(
        "SAMPLE_MESSAGE_NO_OPT_OUT",
        "Sample message lacks opt-out instructions",
        ["messageSamples.messageSample1"],
        "Sample messages must include opt-out instructions, for example 'Reply STOP to opt out'.",
        OPT_IN_DOC,
    )


def _business_email(values: Values) -> JsonDict | None:
    email = _text(values, "contactInfo.supportEmail") or ""
    if email.rpartition("@")[2].lower() not in FREE_MAIL_DOMAINS:
        return None
    return denial(
        "NON_BUSINESS_EMAIL",
        "Support email is not a business address",
        ["contactInfo.supportEmail"],
        "Use an email address on your company's domain, not a free mail provider.",
        OPT_IN_DOC,
    )


RULES: dict[str, tuple[Rule, ...]] = {
    "US_TOLL_FREE_REGISTRATION": (_toll_free_policy_urls, _sample_has_opt_out),
    "US_TEN_DLC_BRAND_REGISTRATION": (_business_email,),
}


def review(registration_type: str, values: Values) -> list[JsonDict]:
    """The denied reasons of a version (empty: approve)."""
    found = (rule(values) for rule in RULES.get(registration_type, ()))
    return [reason for reason in found if reason is not None]


# --- conditional field rules (ConditionalBehavior) -----------------------------------------
def _chosen(values: Values, path: str) -> list[str] | None:
    value = values.get(path)
    if value is None:
        return None
    if "SelectChoices" in value:
        return [str(c) for c in value["SelectChoices"]]
    return [str(value.get("TextValue") or value.get("RegistrationAttachmentId"))]


def _condition_holds(condition: JsonDict, values: Values) -> bool:
    given = _chosen(values, condition["DependsOnFieldPath"])
    wanted = set(condition.get("Values") or [])
    operator = condition["Operator"]
    if operator == "HAS_VALUE":
        return given is not None
    if operator == "NO_VALUE":
        return given is None
    present = set(given or [])
    if operator in ("EQUALS", "IN"):
        return bool(present & wanted)
    if operator in ("NOT_EQUALS", "NOT_IN"):
        return not present & wanted
    return False  # unknown operators skip the rule (model documentation)


def resolved_requirement(definition: JsonDict, values: Values) -> str:
    """REQUIRED, OPTIONAL or DISALLOWED for a field, given the other answers."""
    requirement = str(definition["FieldRequirement"])
    behavior = definition.get("ConditionalBehavior")
    if requirement != "CONDITIONAL" or not behavior:
        return requirement
    for rule in behavior["Rules"]:
        if all(_condition_holds(c, values) for c in rule["Conditions"]):
            return str(rule["RuleBehavior"])
    return str(behavior["DefaultBehavior"])


publish("smsv2.testing", ["ReviewReason"], globals())
