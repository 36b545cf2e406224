"""The fake's send pipeline and opt-out lists, rule by rule, through boto3 as users drive it:
the sandbox, MaxPrice at the price exactly, what an accepted message records, and opting
numbers out and in (idempotent; an end user's STOP stays flagged)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from smsv2.testing import FakeSmsVoice, mock_sms_voice

SIM_DEST = "+14254147755"
OTHER_DEST = "+14254147167"
REAL_DEST = "+12065550123"
SMS_PART = 0.00581


@pytest.fixture
def fake() -> Iterator[FakeSmsVoice]:
    with mock_sms_voice() as active:
        yield active


@pytest.fixture
def client(fake: FakeSmsVoice) -> Any:
    # One attempt: a fake that fails (a 500) fails the test at once instead of being retried.
    return boto3.client(
        "pinpoint-sms-voice-v2",
        region_name="us-east-1",
        config=Config(retries={"total_max_attempts": 1}),
    )


def number(client: Any, kind: str = "SIMULATOR", **extra: Any) -> tuple[str, str]:
    extra.setdefault("NumberCapabilities", ["SMS", "VOICE"])
    info = client.request_phone_number(
        IsoCountryCode="US", MessageType="TRANSACTIONAL", NumberType=kind, **extra
    )
    return info["PhoneNumberId"], info["PhoneNumber"]


def reason(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, object]:
    return exc.value.response["Error"]["Code"], exc.value.response.get("Reason")


def send(client: Any, origin: str, destination: str = SIM_DEST, **extra: Any) -> str:
    answer = client.send_text_message(
        DestinationPhoneNumber=destination, OriginationIdentity=origin, MessageBody="hi", **extra
    )
    message_id: str = answer["MessageId"]
    return message_id


# -- the sandbox ---------------------------------------------------------------------------


def test_sandbox_refuses_an_unverified_destination_only(fake: FakeSmsVoice, client: Any) -> None:
    phone, _ = number(client, "TOLL_FREE")
    with pytest.raises(ClientError) as exc:
        send(client, phone, REAL_DEST)
    assert reason(exc) == ("ConflictException", "DESTINATION_PHONE_NUMBER_NOT_VERIFIED")
    assert fake.sent_messages == []
    send(client, phone, SIM_DEST)  # a simulator number always receives
    fake.leave_sandbox()
    send(client, phone, REAL_DEST)
    assert [m.destination for m in fake.sent_messages] == [SIM_DEST, REAL_DEST]


def test_sandbox_accepts_a_verified_destination(fake: FakeSmsVoice, client: Any) -> None:
    phone, _ = number(client, "TOLL_FREE")
    verified = client.create_verified_destination_number(DestinationPhoneNumber=REAL_DEST)
    vid = verified["VerifiedDestinationNumberId"]
    client.send_destination_number_verification_code(
        VerifiedDestinationNumberId=vid, VerificationChannel="TEXT"
    )
    with pytest.raises(ClientError):  # pending is not verified
        send(client, phone, REAL_DEST)
    code = fake.verification_code(REAL_DEST)
    assert code is not None
    client.verify_destination_number(VerifiedDestinationNumberId=vid, VerificationCode=code)
    send(client, phone, REAL_DEST)
    assert fake.sent_messages[-1].destination == REAL_DEST


# -- price ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("max_price", "accepted"), [(SMS_PART, True), (1.0, True), (0.005, False)])
def test_max_price_at_the_price_is_accepted_below_it_refused(
    fake: FakeSmsVoice, client: Any, max_price: float, accepted: bool
) -> None:
    phone, _ = number(client)
    if accepted:
        send(client, phone, MaxPrice=str(max_price))
        assert fake.sent_messages[-1].price == pytest.approx(SMS_PART)
    else:
        with pytest.raises(ClientError) as exc:
            send(client, phone, MaxPrice=str(max_price))
        assert reason(exc) == ("ValidationException", "PRICE_OVER_THRESHOLD")
        fields = cast("list[dict[str, str]]", exc.value.response.get("Fields", []))
        assert [f["Name"] for f in fields] == ["maxPrice"]
        assert fake.sent_messages == []


# -- what an accepted message records ------------------------------------------------------


def test_an_accepted_message_is_recorded_with_its_facts(fake: FakeSmsVoice, client: Any) -> None:
    phone, phone_number = number(client)
    client.create_configuration_set(ConfigurationSetName="events")
    message_id = send(client, phone, ConfigurationSetName="events", Context={"k": "v"})
    [sent] = fake.sent_messages
    assert sent.message_id == message_id
    assert sent.operation == "SendTextMessage"
    assert sent.destination == SIM_DEST
    assert sent.origination in (phone, phone_number)
    assert sent.configuration_set == "events"
    assert sent.message_body == "hi"
    assert sent.region == "us-east-1"
    assert sent.price == pytest.approx(SMS_PART)
    assert sent.context == {"k": "v"}
    assert sent.timestamp == pytest.approx(fake.now)
    other = send(client, phone)
    assert other != message_id
    assert fake.sent_messages[-1].configuration_set is None


def test_dry_run_returns_an_id_but_records_nothing(fake: FakeSmsVoice, client: Any) -> None:
    phone, _ = number(client)
    assert send(client, phone, DryRun=True)
    assert fake.sent_messages == []


# -- opting out and in ---------------------------------------------------------------------


def opted_out(client: Any, list_name: str) -> dict[str, bool]:
    page = client.describe_opted_out_numbers(OptOutListName=list_name)
    return {n["OptedOutNumber"]: n["EndUserOptedOut"] for n in page["OptedOutNumbers"]}


def test_putting_a_number_twice_keeps_one_entry(client: Any) -> None:
    client.create_opt_out_list(OptOutListName="list")
    first = client.put_opted_out_number(OptOutListName="list", OptedOutNumber=SIM_DEST)
    again = client.put_opted_out_number(OptOutListName="list", OptedOutNumber=SIM_DEST)
    assert first["OptedOutTimestamp"] == again["OptedOutTimestamp"]
    assert opted_out(client, "list") == {SIM_DEST: False}


def test_an_end_user_stop_is_flagged_and_stays_flagged(fake: FakeSmsVoice, client: Any) -> None:
    phone, phone_number = number(client)
    fake.inbound(SIM_DEST, phone_number, "STOP")
    assert opted_out(client, "Default") == {SIM_DEST: True}
    client.put_opted_out_number(OptOutListName="Default", OptedOutNumber=SIM_DEST)
    assert opted_out(client, "Default") == {SIM_DEST: True}  # not reset by a later put
    with pytest.raises(ClientError) as exc:
        send(client, phone)
    assert reason(exc) == ("ConflictException", "DESTINATION_PHONE_NUMBER_OPTED_OUT")


def test_a_put_then_an_end_user_stop_flags_the_entry(fake: FakeSmsVoice, client: Any) -> None:
    _, phone_number = number(client)
    client.put_opted_out_number(OptOutListName="Default", OptedOutNumber=SIM_DEST)
    assert opted_out(client, "Default") == {SIM_DEST: False}
    fake.inbound(SIM_DEST, phone_number, "STOP")
    assert opted_out(client, "Default") == {SIM_DEST: True}


def test_removing_a_number_lets_sends_through_again(fake: FakeSmsVoice, client: Any) -> None:
    phone, _ = number(client)
    client.put_opted_out_number(OptOutListName="Default", OptedOutNumber=SIM_DEST)
    with pytest.raises(ClientError):
        send(client, phone)
    client.delete_opted_out_number(OptOutListName="Default", OptedOutNumber=SIM_DEST)
    send(client, phone)
    assert len(fake.sent_messages) == 1


def test_the_default_list_exists_once_something_uses_it(client: Any) -> None:
    number(client)  # stores Default as its list
    names = [o["OptOutListName"] for o in client.describe_opt_out_lists()["OptOutLists"]]
    assert names.count("Default") == 1
    info = client.describe_phone_numbers()["PhoneNumbers"][0]
    assert info["OptOutListName"] == "Default"


def test_a_number_given_a_list_stores_that_list(client: Any) -> None:
    client.create_opt_out_list(OptOutListName="mine")
    phone, _ = number(client, OptOutListName="mine")
    info = client.describe_phone_numbers(PhoneNumberIds=[phone])["PhoneNumbers"][0]
    assert info["OptOutListName"] == "mine"
    with pytest.raises(ClientError) as exc:
        number(client, OptOutListName="missing")
    assert reason(exc)[0] == "ResourceNotFoundException"


def test_an_opt_in_keyword_takes_the_number_off_the_list(fake: FakeSmsVoice, client: Any) -> None:
    phone, phone_number = number(client)
    client.put_keyword(
        OriginationIdentity=phone,
        Keyword="UNSTOP",
        KeywordMessage="Welcome back",
        KeywordAction="OPT_IN",
    )
    fake.inbound(OTHER_DEST, phone_number, "UNSTOP")  # not on the list: nothing to remove
    assert opted_out(client, "Default") == {}
    fake.inbound(SIM_DEST, phone_number, "STOP")
    assert SIM_DEST in opted_out(client, "Default")
    fake.inbound(SIM_DEST, phone_number, "UNSTOP")
    assert opted_out(client, "Default") == {}
    send(client, phone)
    assert len(fake.sent_messages) == 1


def test_spend_starts_again_each_month(fake: FakeSmsVoice, client: Any) -> None:
    phone, _ = number(client, NumberCapabilities=["SMS", "MMS"])

    def mms() -> None:
        client.send_media_message(
            DestinationPhoneNumber=SIM_DEST,
            OriginationIdentity=phone,
            MediaUrls=["s3://bucket/cat.png"],
        )

    for _ in range(50):  # the sandbox's $1 media limit at $0.02 each
        mms()
    with pytest.raises(ClientError) as exc:
        mms()
    assert reason(exc) == ("ServiceQuotaExceededException", "MONTHLY_SPEND_LIMIT_REACHED_FOR_MEDIA")
    fake.advance(32 * 86400)
    for _ in range(50):  # a new month: the whole limit again, and no more
        mms()
    with pytest.raises(ClientError):
        mms()
    assert len(fake.sent_messages) == 100


def test_the_default_list_takes_opt_outs_before_anything_uses_it(client: Any) -> None:
    client.put_opted_out_number(OptOutListName="Default", OptedOutNumber=SIM_DEST)
    assert opted_out(client, "Default") == {SIM_DEST: False}


def test_a_production_account_enforces_the_fakes_configured_spend_limit() -> None:
    fake = FakeSmsVoice(sandbox=False, limits={"TEXT_MESSAGE_MONTHLY_SPEND_LIMIT": 0})
    with mock_sms_voice(fake=fake):
        client = boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")
        phone, _ = number(client)
        with pytest.raises(ClientError) as exc:
            send(client, phone)
        assert reason(exc) == (
            "ServiceQuotaExceededException",
            "MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT",
        )
        assert fake.sent_messages == []


def test_feedback_can_be_given_on_a_sent_message_but_not_a_dry_run(client: Any) -> None:
    phone, _ = number(client)
    sent = send(client, phone)
    answer = client.put_message_feedback(MessageId=sent, MessageFeedbackStatus="RECEIVED")
    assert answer["MessageFeedbackStatus"] == "RECEIVED"
    dry = send(client, phone, DryRun=True)
    with pytest.raises(ClientError) as exc:
        client.put_message_feedback(MessageId=dry, MessageFeedbackStatus="RECEIVED")
    assert reason(exc)[0] == "ResourceNotFoundException"


# -- destinations the send pipeline refuses -------------------------------------------------


@pytest.mark.parametrize(
    "destination",
    [
        "14254147755",  # a known country code, but no "+" (the request pattern allows it)
        "+999123456",  # E.164, but no country starts so
    ],
)
def test_only_e164_destinations_of_a_known_country_are_sent(
    fake: FakeSmsVoice, destination: str
) -> None:
    status, body = fake.handle(
        "SendTextMessage", {"DestinationPhoneNumber": destination, "MessageBody": "hi"}
    )
    assert status == 400
    assert body["Reason"] == "INVALID_PARAMETER"
    fields = cast("list[dict[str, str]]", body["Fields"])
    assert [f["Name"] for f in fields] == ["destinationPhoneNumber"]
    assert fake.sent_messages == []


# -- conflicts name the resource -------------------------------------------------------------


def test_an_opted_out_destination_is_named_in_the_conflict(client: Any) -> None:
    phone, _ = number(client)
    client.put_opted_out_number(OptOutListName="Default", OptedOutNumber=SIM_DEST)
    with pytest.raises(ClientError) as exc:
        send(client, phone)
    response = exc.value.response
    assert reason(exc) == ("ConflictException", "DESTINATION_PHONE_NUMBER_OPTED_OUT")
    assert response.get("ResourceType") == "opted-out-number"
    assert response.get("ResourceId") == SIM_DEST


def test_an_unverified_destination_is_named_in_the_conflict(client: Any) -> None:
    phone, _ = number(client, "TOLL_FREE")
    with pytest.raises(ClientError) as exc:
        send(client, phone, REAL_DEST)
    response = exc.value.response
    assert reason(exc) == ("ConflictException", "DESTINATION_PHONE_NUMBER_NOT_VERIFIED")
    assert response.get("ResourceType") == "verified-destination-number"
    assert response.get("ResourceId") == REAL_DEST


# -- every origination identity checks its own opt-out list ---------------------------------


def test_each_number_checks_its_own_opt_out_list(fake: FakeSmsVoice, client: Any) -> None:
    client.create_opt_out_list(OptOutListName="mine")
    default_phone, _ = number(client)
    own_phone, _ = number(client, OptOutListName="mine")
    client.put_opted_out_number(OptOutListName="mine", OptedOutNumber=SIM_DEST)
    send(client, default_phone)  # Default does not hold the number
    with pytest.raises(ClientError) as exc:
        send(client, own_phone)
    assert reason(exc) == ("ConflictException", "DESTINATION_PHONE_NUMBER_OPTED_OUT")
    client.put_opted_out_number(OptOutListName="Default", OptedOutNumber=OTHER_DEST)
    send(client, own_phone, OTHER_DEST)  # "mine" does not hold the other number
    with pytest.raises(ClientError):
        send(client, default_phone, OTHER_DEST)
    assert [m.destination for m in fake.sent_messages] == [SIM_DEST, OTHER_DEST]


def test_a_pool_checks_its_own_list_not_its_members(fake: FakeSmsVoice, client: Any) -> None:
    client.create_opt_out_list(OptOutListName="pool-list")
    phone, _ = number(client)  # the member number itself uses Default
    pool = client.create_pool(OriginationIdentity=phone, MessageType="TRANSACTIONAL")["PoolId"]
    client.update_pool(PoolId=pool, OptOutListName="pool-list")
    client.put_opted_out_number(OptOutListName="Default", OptedOutNumber=SIM_DEST)
    send(client, pool)  # the pool's list does not hold it
    client.put_opted_out_number(OptOutListName="pool-list", OptedOutNumber=OTHER_DEST)
    with pytest.raises(ClientError) as exc:
        send(client, pool, OTHER_DEST)
    assert reason(exc) == ("ConflictException", "DESTINATION_PHONE_NUMBER_OPTED_OUT")
    assert len(fake.sent_messages) == 1


# -- what an accepted message records: its account and its delivery events ------------------


def events_set(client: Any, name: str = "events") -> str:
    client.create_configuration_set(ConfigurationSetName=name)
    client.create_event_destination(
        ConfigurationSetName=name,
        EventDestinationName="dest",
        MatchingEventTypes=["ALL"],
        SnsDestination={"TopicArn": "arn:aws:sns:us-east-1:123456789012:sms-events"},
    )
    return name


def test_a_message_is_recorded_under_its_account(fake: FakeSmsVoice, client: Any) -> None:
    phone, _ = number(client)
    send(client, phone)
    assert fake.sent_messages[-1].account_id == fake.account_id


@pytest.mark.parametrize(
    ("destination", "country", "international"),
    [(SIM_DEST, "US", False), ("+33755512501", "FR", True)],
)
def test_delivery_events_carry_the_messages_facts(
    fake: FakeSmsVoice, client: Any, destination: str, country: str, international: bool
) -> None:
    phone, phone_number = number(client, InternationalSendingEnabled=True)
    name = events_set(client)
    message_id = send(client, phone, destination, ConfigurationSetName=name, Context={"k": "v"})
    fake.advance(10)
    [sent] = fake.sent_messages
    assert [e["eventType"] for e in fake.events] == [
        "TEXT_PENDING",
        "TEXT_SUCCESSFUL",
        "TEXT_DELIVERED",
    ]
    for event in fake.events:
        assert event["messageId"] == message_id
        assert event["destinationPhoneNumber"] == destination
        assert event["originationPhoneNumber"] == phone_number
        assert event["isoCountryCode"] == country
        assert event["isInternationalSend"] is international
        assert event["totalMessagePrice"] == pytest.approx(round(sent.price, 5))
        assert cast("float", event["totalMessagePrice"]) > 0
        assert event["messageEncoding"] == "GSM"
        assert event["context"] == {"k": "v"}


def test_a_voice_message_has_voice_events(fake: FakeSmsVoice, client: Any) -> None:
    phone, _ = number(client)
    name = events_set(client)
    client.send_voice_message(
        DestinationPhoneNumber=SIM_DEST,
        OriginationIdentity=phone,
        MessageBody="hello",
        ConfigurationSetName=name,
    )
    fake.advance(60)
    assert [e["eventType"] for e in fake.events] == [
        "VOICE_INITIATED",
        "VOICE_RINGING",
        "VOICE_ANSWERED",
        "VOICE_COMPLETED",
    ]


# -- spend: the limit exactly, by calendar month, DryRun --------------------------------------


def test_spend_is_counted_per_month_not_per_minute(fake: FakeSmsVoice, client: Any) -> None:
    phone, _ = number(client, NumberCapabilities=["SMS", "MMS"])

    def mms() -> None:
        client.send_media_message(
            DestinationPhoneNumber=SIM_DEST,
            OriginationIdentity=phone,
            MediaUrls=["s3://bucket/cat.png"],
        )

    for _ in range(50):  # $1 of the sandbox's $1 media limit: at the limit exactly is sent
        mms()
    fake.advance(120)  # another minute, the same month
    with pytest.raises(ClientError) as exc:
        mms()
    assert reason(exc) == ("ServiceQuotaExceededException", "MONTHLY_SPEND_LIMIT_REACHED_FOR_MEDIA")


def test_dry_runs_are_checked_against_the_limit_but_not_charged(
    fake: FakeSmsVoice, client: Any
) -> None:
    phone, _ = number(client, NumberCapabilities=["SMS", "MMS"])

    def mms(**extra: Any) -> None:
        client.send_media_message(
            DestinationPhoneNumber=SIM_DEST,
            OriginationIdentity=phone,
            MediaUrls=["s3://bucket/cat.png"],
            **extra,
        )

    for _ in range(60):  # more dry runs than the limit pays for: none is charged
        mms(DryRun=True)
    for _ in range(50):
        mms()
    with pytest.raises(ClientError) as exc:  # at the limit, a dry run is refused too
        mms(DryRun=True)
    assert reason(exc) == ("ServiceQuotaExceededException", "MONTHLY_SPEND_LIMIT_REACHED_FOR_MEDIA")
    assert len(fake.sent_messages) == 50


def test_spent_reads_this_months_charges_in_dollars(fake: FakeSmsVoice, client: Any) -> None:
    from smsv2.testing._backend._context import Ctx
    from smsv2.testing._backend.rules.spend import spent

    phone, _ = number(client, NumberCapabilities=["SMS", "MMS"])
    for _ in range(3):
        client.send_media_message(
            DestinationPhoneNumber=SIM_DEST,
            OriginationIdentity=phone,
            MediaUrls=["s3://bucket/cat.png"],
        )
    send(client, phone, DryRun=True)
    state = fake.engine.state(fake.account_id, fake.region)

    def ctx() -> Ctx:
        return Ctx(
            fake.engine,
            state,
            account_id=fake.account_id,
            region=fake.region,
            operation="Test",
            request_id="r",
        )

    assert spent(ctx(), "MMS") == pytest.approx(0.06)
    assert spent(ctx(), "SMS") == 0.0  # the dry run was not charged
    fake.advance(32 * 86400)
    assert spent(ctx(), "MMS") == 0.0


# -- opt-out lists: their ARN and tags, names given as ARNs, end-user removals ---------------


def test_an_opt_out_list_has_its_arn_and_tags(fake: FakeSmsVoice, client: Any) -> None:
    created = client.create_opt_out_list(
        OptOutListName="mine", Tags=[{"Key": "team", "Value": "sms"}]
    )
    arn = f"arn:aws:sms-voice:us-east-1:{fake.account_id}:opt-out-list/mine"
    assert created["OptOutListArn"] == arn
    tags = client.list_tags_for_resource(ResourceArn=arn)["Tags"]
    assert tags == [{"Key": "team", "Value": "sms"}]
    # The ARN names the list wherever a name is taken.
    client.put_opted_out_number(OptOutListName=arn, OptedOutNumber=SIM_DEST)
    assert opted_out(client, "mine") == {SIM_DEST: False}
    phone, _ = number(client, OptOutListName=arn)
    info = client.describe_phone_numbers(PhoneNumberIds=[phone])["PhoneNumbers"][0]
    assert info["OptOutListName"] == "mine"


def test_a_list_named_by_a_malformed_arn_names_the_field(client: Any) -> None:
    with pytest.raises(ClientError) as exc:
        number(client, OptOutListName="arn:not-an-arn")
    assert reason(exc) == ("ValidationException", "INVALID_ARN")
    fields = cast("list[dict[str, str]]", exc.value.response.get("Fields", []))
    assert [f["Name"] for f in fields] == ["optOutListName"]


def test_an_end_user_opt_out_can_be_removed_once_per_thirty_days(
    fake: FakeSmsVoice, client: Any
) -> None:
    _, phone_number = number(client)

    def remove() -> None:
        client.delete_opted_out_number(OptOutListName="Default", OptedOutNumber=SIM_DEST)

    fake.inbound(SIM_DEST, phone_number, "STOP")
    remove()
    fake.inbound(SIM_DEST, phone_number, "STOP")
    with pytest.raises(ClientError) as exc:
        remove()
    assert reason(exc) == ("ConflictException", "RESOURCE_DELETION_NOT_ALLOWED")
    fake.advance(31 * 86400)
    remove()
    assert opted_out(client, "Default") == {}
