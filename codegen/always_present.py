"""Result members the service always returns, though botocore's model leaves them optional.

The model marks almost every member of a result as optional, including the identifiers that
name what was just created, changed, deleted or sent. Typing those as ``X | None`` makes every
caller write ``assert x is not None``. The generator types the members below as required ``str``;
a response without one fails to parse with a ``ResponseParseError`` naming it, never a silent None.
Every other member stays as the model says.

Each entry is a member that the AWS End User Messaging SMS and Voice v2 API Reference
(https://docs.aws.amazon.com/sms-voice/latest/APIReference/, the "Response Syntax" and
"Examples" of the operation named in the comment) shows in every successful answer, and that
``smsv2.testing``'s fake returns every time (its tests parse these results through the
generated models, so a fake that left one out would fail them).

Keep the table small: only the resource's own ID, ARN and name, and ``MessageId`` on sends.
"""

from __future__ import annotations

ALWAYS_PRESENT: dict[str, frozenset[str]] = {
    # DescribePhoneNumbers: every PhoneNumberInformation names its number by ID and ARN.
    "PhoneNumberInformation": frozenset({"PhoneNumberId"}),
    # RequestPhoneNumber, UpdatePhoneNumber, ReleasePhoneNumber: the number they acted on.
    "RequestPhoneNumberResult": frozenset({"PhoneNumberArn", "PhoneNumberId"}),
    "UpdatePhoneNumberResult": frozenset({"PhoneNumberArn", "PhoneNumberId"}),
    "ReleasePhoneNumberResult": frozenset({"PhoneNumberArn", "PhoneNumberId"}),
    # CreatePool, UpdatePool, DeletePool: the pool they acted on.
    "CreatePoolResult": frozenset({"PoolArn", "PoolId"}),
    "UpdatePoolResult": frozenset({"PoolArn", "PoolId"}),
    "DeletePoolResult": frozenset({"PoolArn", "PoolId"}),
    # CreateOptOutList, DeleteOptOutList: the list, by name and ARN.
    "CreateOptOutListResult": frozenset({"OptOutListArn", "OptOutListName"}),
    "DeleteOptOutListResult": frozenset({"OptOutListArn", "OptOutListName"}),
    # CreateConfigurationSet, DeleteConfigurationSet: the set, by name and ARN.
    "CreateConfigurationSetResult": frozenset({"ConfigurationSetArn", "ConfigurationSetName"}),
    "DeleteConfigurationSetResult": frozenset({"ConfigurationSetArn", "ConfigurationSetName"}),
    # The send operations: the ID of the message accepted (also for DryRun).
    "SendTextMessageResult": frozenset({"MessageId"}),
    "SendMediaMessageResult": frozenset({"MessageId"}),
    "SendVoiceMessageResult": frozenset({"MessageId"}),
    "SendNotifyTextMessageResult": frozenset({"MessageId"}),
    "SendNotifyVoiceMessageResult": frozenset({"MessageId"}),
    "SendRcsMessageResult": frozenset({"MessageId"}),
}
"""Result shape -> wire names of members typed as required."""


def check(shapes: dict[str, dict[str, object]]) -> None:
    """Fail loudly when an entry names a shape or member the model no longer has."""
    for shape, members in ALWAYS_PRESENT.items():
        spec = shapes.get(shape)
        if spec is None or spec.get("type") != "structure":
            raise ValueError(f"always_present: no structure {shape} in the model")
        known = spec.get("members")
        missing = sorted(m for m in members if not isinstance(known, dict) or m not in known)
        if missing:
            raise ValueError(f"always_present: {shape} has no members {missing}")
