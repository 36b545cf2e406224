"""The ``smsv2`` command line: through ``main()`` in-process against the fake, and as real
subprocesses against the fake's HTTP server."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import smsv2
from smsv2.cli import EXIT_CODES, ExitCode, main
from smsv2.testing import FakeSmsVoice, InboxClient, mock_sms_voice

from ..messaging.payloads import event_record, lambda_sns, sns_notification

OPTED = "+12065550142"
SMSV2 = [sys.executable, "-m", "smsv2.cli"]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSmsVoice]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_sms_voice() as active:
        yield active


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code = main(["--output", "json", *args])
    out, err = capsys.readouterr()
    assert code == ExitCode.OK, err
    return json.loads(out)


def test_lists_what_the_account_has(fake: FakeSmsVoice, capsys: pytest.CaptureFixture[str]) -> None:
    client = smsv2.Client()
    number = client.request_phone_number(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
    )
    numbers = run_json(capsys, "numbers", "list")
    assert isinstance(numbers, list)
    assert [n["phone_number_id"] for n in numbers] == [number.phone_number_id]
    assert numbers[0]["phone_number"] == number.phone_number

    created = run_json(
        capsys,
        "pools",
        "create",
        "--origination-identity",
        str(number.phone_number_id),
        "--message-type",
        "TRANSACTIONAL",
        "--iso-country-code",
        "US",
    )
    assert isinstance(created, dict)
    pools = run_json(capsys, "pools", "list")
    assert isinstance(pools, list)
    assert [p["pool_id"] for p in pools] == [created["pool_id"]]


def test_table_output_is_for_people(fake: FakeSmsVoice, capsys: pytest.CaptureFixture[str]) -> None:
    smsv2.Client().create_opt_out_list(opt_out_list_name="marketing")
    assert main(["opt-outs", "list"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "Opt-out lists" in out
    assert "marketing" in out and "Default" in out


def test_opt_outs_add_and_remove(fake: FakeSmsVoice, capsys: pytest.CaptureFixture[str]) -> None:
    client = smsv2.Client()
    client.create_opt_out_list(opt_out_list_name="marketing")
    added = run_json(capsys, "opt-outs", "add", "marketing", OPTED)
    assert isinstance(added, dict) and added["opted_out_number"] == OPTED
    listed = run_json(capsys, "opt-outs", "list", "marketing")
    assert isinstance(listed, list)
    assert [n["opted_out_number"] for n in listed] == [OPTED]
    run_json(capsys, "opt-outs", "remove", "marketing", OPTED)
    assert list(client.opted_out_numbers(opt_out_list_name="marketing")) == []


def test_a_service_error_is_one_line_without_the_number(
    fake: FakeSmsVoice, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["opt-outs", "add", "no-such-list", OPTED]) == ExitCode.SERVICE_ERROR
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "no-such-list" in lines[0]
    assert OPTED not in err and OPTED[1:] not in err


def test_debug_adds_the_traceback(fake: FakeSmsVoice, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--debug", "opt-outs", "add", "no-such-list", OPTED]) == ExitCode.SERVICE_ERROR
    assert "Traceback" in capsys.readouterr().err


def test_usage_errors_exit_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pools", "create", "--message-type", "LOUD"]) == ExitCode.USAGE
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and len(err.splitlines()) == 1
    assert "smsv2 pools create --help" in err
    assert main(["no-such-command"]) == ExitCode.USAGE


def test_every_exit_code_is_documented() -> None:
    assert set(EXIT_CODES) == set(ExitCode)
    page = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text()
    for code in ExitCode:
        assert f"| {int(code)} |" in page


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen[bytes]) -> None:
    """Wait until the server in ``proc`` accepts connections on ``port``."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("the fake's server did not start")


@contextlib.contextmanager
def fake_server(*flags: str) -> Iterator[str]:
    """``smsv2 fake serve`` in a real subprocess on a free loopback port; yields its URL."""
    port = free_port()
    proc = subprocess.Popen(
        [*SMSV2, "fake", "serve", "--host", "127.0.0.1", "--port", str(port), *flags],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def server() -> Iterator[str]:
    with fake_server() as url:
        yield url


def test_real_processes_against_the_fake_server(server: str) -> None:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    base = [*SMSV2, "--region", "us-east-1", "--endpoint-url", server, "--output", "json"]

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*base, *args], capture_output=True, text=True, env=env, timeout=120, check=False
        )

    done = cli("opt-outs", "add", "Default", OPTED)
    assert done.returncode == 0, done.stderr
    listed = cli("opt-outs", "list", "Default")
    assert [n["opted_out_number"] for n in json.loads(listed.stdout)] == [OPTED]
    failed = cli("opt-outs", "add", "missing", OPTED)
    assert failed.returncode == ExitCode.SERVICE_ERROR
    assert failed.stderr.startswith("error: ") and OPTED not in failed.stderr


def test_import_smsv2_leaves_the_cli_libraries_and_extras_unloaded() -> None:
    probe = (
        "import sys, smsv2\n"
        "smsv2.Client, smsv2.errors, smsv2.models.MessageType\n"
        "heavy = ('typer', 'rich', 'click', 'aiobotocore', 'phonenumbers', 'redis', 'celery')\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_segments_marks_what_forces_ucs2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["segments", "Café ~ ok 😀"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "UCS-2" in out and "'😀'" in out and "'é'" not in out  # é is GSM-7
    counted = run_json(capsys, "segments", "x" * 161)
    assert isinstance(counted, dict)
    assert (counted["encoding"], counted["parts"], counted["units"]) == ("GSM-7", 2, 161)
    assert "".join(counted["part_texts"]) == "x" * 161


def test_send_shows_parts_then_sends(
    fake: FakeSmsVoice, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.leave_sandbox()
    number = smsv2.Client().request_phone_number(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
    )
    sent = run_json(
        capsys, "send", "--to", OPTED, "--from", str(number.phone_number_id), "--body", "ciao ç"
    )
    assert isinstance(sent, dict)
    assert sent["encoding"] == "UCS-2" and sent["parts"] == 1
    assert [m.message_id for m in fake.sent_messages] == [sent["message_id"]]
    dry = run_json(capsys, "send", "--to", OPTED, "--body", "hello", "--dry-run")
    assert isinstance(dry, dict) and dry["dry_run"] is True
    assert len(fake.sent_messages) == 1  # the dry run delivered nothing
    assert main(["send", "--to", OPTED, "--body", "hello"]) == ExitCode.OK
    assert "GSM-7" in capsys.readouterr().out


def test_events_parse_reads_any_transport_and_json_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = event_record(
        eventType="TEXT_PENDING", messageStatus="PENDING", isFinal=False, eventTimestamp=1000
    )
    second = event_record(
        eventType="TEXT_DELIVERED", messageStatus="DELIVERED", eventTimestamp=2000
    )
    one = tmp_path / "lambda.json"
    one.write_text(json.dumps(lambda_sns(second, first)))
    parsed = run_json(capsys, "events", "parse", str(one))
    assert isinstance(parsed, list)
    assert [e["message_status"] for e in parsed] == ["PENDING", "DELIVERED"]  # oldest first
    lines = tmp_path / "events.jsonl"
    lines.write_text("\n".join(json.dumps(sns_notification(r)) for r in (first, second)) + "\n")
    assert len(run_json(capsys, "events", "parse", str(lines))) == 2  # type: ignore[arg-type]
    assert main(["events", "parse", str(one)]) == ExitCode.OK
    table = capsys.readouterr().out
    assert "2 delivery event(s)" in table and "DELIVERED" in table


def test_events_parse_names_what_it_could_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"Type": "Notification", "Message": "{not json"}))
    assert main(["events", "parse", str(bad)]) == ExitCode.LOCAL_PROBLEM
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and len(err.splitlines()) == 1
    assert main(["events", "parse", str(tmp_path / "missing.json")]) == ExitCode.USAGE


def test_send_bulk_from_csv_writes_results_without_numbers(
    fake: FakeSmsVoice, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.leave_sandbox()
    client = smsv2.Client()
    number = client.request_phone_number(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
    )
    client.put_opted_out_number(opt_out_list_name="Default", opted_out_number=OPTED)
    jobs = tmp_path / "messages.csv"
    rows = [("+12065550101", "hello", "a"), (OPTED, "hello", "b"), ("not-a-number", "x", "c")]
    jobs.write_text(
        "destination_phone_number,message_body,origination_identity,key\n"
        + "".join(f"{to},{body},{number.phone_number_id},{key}\n" for to, body, key in rows)
    )
    results = tmp_path / "results.csv"
    summary = run_json(capsys, "send-bulk", str(jobs), "--rate", "100", "--results", str(results))
    assert isinstance(summary, dict)
    assert summary["counts"]["SENT"] == 1
    assert summary["counts"]["OPTED_OUT"] == 1
    assert summary["counts"]["INVALID"] == 1
    written = {row["key"]: row for row in csv.DictReader(results.open())}
    assert written["a"]["status"] == "SENT" and written["a"]["message_id"]
    assert (
        written["c"]["status"] == "INVALID" and written["c"]["field"] == "destination_phone_number"
    )
    assert OPTED not in results.read_text() and "+12065550101" not in results.read_text()
    assert len(fake.sent_messages) == 1


def test_send_bulk_jsonl_with_a_journal_does_not_send_twice(
    fake: FakeSmsVoice, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.leave_sandbox()
    number = smsv2.Client().request_phone_number(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
    )
    jobs = tmp_path / "messages.jsonl"
    jobs.write_text(
        "".join(
            json.dumps(
                {
                    "destination_phone_number": f"+1206555{i:04d}",
                    "origination_identity": number.phone_number_id,
                    "message_body": f"code {i}",
                }
            )
            + "\n"
            for i in range(4)
        )
    )
    journal = str(tmp_path / "run.sqlite")
    for _ in range(2):
        summary = run_json(capsys, "send-bulk", str(jobs), "--rate", "100", "--journal", journal)
        assert isinstance(summary, dict) and summary["counts"]["SENT"] == 4
    assert len(fake.sent_messages) == 4  # the second run found every message in the journal


def test_demo_runs_the_main_job_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == ExitCode.OK
    out = capsys.readouterr().out
    for heading in ("Provision", "Send a batch", "Delivery events", "inbound STOP", "Summary"):
        assert heading in out
    assert "send_bulk:" in out and "DELIVERED" in out
    assert "STOP applied to the opt-out list" in out and "yes" in out


def test_demo_as_the_installed_command() -> None:
    done = subprocess.run(
        [*SMSV2, "demo"], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Summary" in done.stdout and done.stderr == ""


def test_demo_inbox_serves_until_ctrl_c() -> None:
    proc = subprocess.Popen(
        [*SMSV2, "demo", "--inbox"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        assert proc.stdout is not None
        url = ""
        for line in proc.stdout:
            if "The inbox is at " in line:
                url = line.split("The inbox is at ", 1)[1].split()[0]
                break
        assert url.startswith("http://127.0.0.1:") and url.endswith("/_smsv2/inbox")
        inbox = InboxClient(url.removesuffix("/_smsv2/inbox"))
        assert len(list(inbox.iter_messages())) >= 18  # the demo's batch and the STOP
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == ExitCode.OK
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
