"""A script that uses every resource class; ``mypy --strict`` must accept it (see test_typecheck).

It also runs, against the fake: ``python tests/resources/typecheck_usage.py``.
"""

from __future__ import annotations

from datetime import datetime

import smsv2
from smsv2.models import (
    NumberStatus,
    OriginationIdentityMetadata,
    PoolStatus,
    RegistrationFieldValueInformation,
    SendTextMessageResult,
)
from smsv2.resources import (
    ConfigurationSet,
    EventDestination,
    FieldDefinition,
    Keyword,
    NotifyConfiguration,
    OptOutList,
    PhoneNumber,
    Pool,
    ProtectConfiguration,
    RcsAgent,
    Registration,
    RegistrationAttachment,
    RegistrationType,
    RegistrationVersion,
    ResourceList,
    SectionDefinition,
    SenderId,
    VerifiedDestinationNumber,
    WaitTimeoutError,
    configure,
    default_client,
)
from smsv2.testing import mock_sms_voice


def main() -> None:
    with mock_sms_voice(settle="manual") as fake:
        configure(region_name="us-east-1")
        client: smsv2.Client = default_client()
        fake.leave_sandbox()

        number: PhoneNumber = PhoneNumber.request(
            iso_country_code="US",
            message_type="TRANSACTIONAL",
            number_capabilities=["SMS"],
            number_type="TOLL_FREE",
        ).wait_until_active(sleep=fake.advance)
        status: NumberStatus | str = number.status
        created: datetime = number.created_timestamp
        two_way: bool = number.two_way_enabled
        pool_id: str | None = number.pool_id

        pool: Pool = Pool.create(
            origination_identity=number, message_type="TRANSACTIONAL", client=client
        ).wait_until_active(sleep=fake.advance)
        pool_status: PoolStatus | str = pool.status
        members: list[OriginationIdentityMetadata] = pool.origination_identities().to_list()
        keyword: Keyword = pool.set_keyword("HOURS", "9-5")
        keywords: ResourceList[Keyword] = pool.keywords()
        pool.update(deletion_protection_enabled=False, two_way_enabled=False)
        sent: SendTextMessageResult = pool.send_text("+12065550100", "hello")
        pools: list[Pool] = Pool.list(filters=[{"name": "status", "values": ["ACTIVE"]}]).to_list()
        tags: dict[str, str] = pool.tags()

        sender: SenderId = SenderId.request(sender_id="EXAMPLE", iso_country_code="GB")
        registered: bool = sender.registered

        stop: OptOutList = OptOutList.ensure("usage")
        stop.opt_out("+12065550111")
        opted_out: bool = "+12065550111" in stop

        events: ConfigurationSet = ConfigurationSet.ensure("usage")
        logs: EventDestination = events.ensure_event_destination(
            "logs",
            matching_event_types=["ALL"],
            cloud_watch_logs_destination={
                "iam_role_arn": "arn:aws:iam::123456789012:role/r",
                "log_group_arn": "arn:aws:logs:us-east-1:123456789012:log-group:g",
            },
        )
        destinations: list[EventDestination] = events.event_destinations
        events.set_default_sender_id(sender)

        protect: ProtectConfiguration = ProtectConfiguration.create()
        protect.block("DE")
        rules = protect.country_rules("SMS")
        protect.make_account_default()

        types: list[RegistrationType] = RegistrationType.list().to_list()
        sections: list[SectionDefinition] = types[0].sections().to_list()
        definition: FieldDefinition = RegistrationType.get("US_TEN_DLC_BRAND_REGISTRATION").field(
            "companyInfo.companyName"
        )
        registration: Registration = Registration.create(
            registration_type="US_TEN_DLC_BRAND_REGISTRATION"
        )
        value: RegistrationFieldValueInformation = registration.set_field(
            "companyInfo.companyName", "Example Corp"
        )
        attachment: RegistrationAttachment = RegistrationAttachment.create(body=b"%PDF-1.4\n")
        versions: list[RegistrationVersion] = registration.versions().to_list()
        current: int = registration.current_version_number

        verified: VerifiedDestinationNumber = VerifiedDestinationNumber.create("+12065550122")
        verified.send_code()

        notify: NotifyConfiguration = NotifyConfiguration.create(
            display_name="App", use_case="CODE_VERIFICATION", enabled_channels=["SMS"]
        )
        agent: RcsAgent = RcsAgent.create()

        try:
            agent.wait_until("ACTIVE", timeout=1, poll=1, sleep=fake.advance)
        except WaitTimeoutError as exc:
            last: str | None = exc.last_status
            print("RCS agent still", last)

        print(
            status,
            created,
            two_way,
            pool_id,
            pool_status,
            members,
            keyword,
            list(keywords),
            sent.message_id,
            pools,
            tags,
            registered,
            opted_out,
            logs,
            destinations,
            rules["DE"],
            sections,
            definition,
            value,
            attachment,
            versions,
            current,
            verified,
            notify,
        )
        configure()


if __name__ == "__main__":
    main()
