"""The command line follows the AWS CLI's and gh's conventions: global options anywhere,
--version, --query, help that fits 80 columns, output that keeps message texts out of
scrollback, errors in command-line words, one exit code per kind of failure (issue 19)."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

import smsv2
from smsv2.cli import ExitCode, app, main
from smsv2.cli._bulk import status_counts
from smsv2.cli._global import hoist
from smsv2.testing import FakeSmsVoice, mock_sms_voice

SECRET = "Your code is 482913"
ISO_WITH_ZONE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSmsVoice]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_sms_voice() as active:
        active.leave_sandbox()
        yield active


def toll_free() -> str:
    number = smsv2.Client().request_phone_number(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
    )
    return str(number.phone_number_id)


def json_of(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == ExitCode.OK, err
    return json.loads(out)


def command_paths(command: object = None, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command of the CLI, as the words that reach it."""
    command = command or typer.main.get_command(app)
    found = [path]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        found += command_paths(sub, (*path, name))
    return found


def test_global_options_work_after_the_command(
    fake: FakeSmsVoice, capsys: pytest.CaptureFixture[str]
) -> None:
    number_id = toll_free()
    after = json_of(capsys, "numbers", "list", "--output", "json")
    assert isinstance(after, list)
    assert [n["phone_number_id"] for n in after] == [number_id]
    # The region after the command is the one used: eu-west-1 holds no number.
    assert json_of(capsys, "numbers", "list", "--output=json", "--region", "eu-west-1") == []
    assert main(["opt-outs", "add", "no-such-list", "+12065550100", "--debug"]) == 3
    assert "Traceback" in capsys.readouterr().err


def test_a_value_that_looks_like_a_global_option_stays_a_value(
    fake: FakeSmsVoice, capsys: pytest.CaptureFixture[str]
) -> None:
    command = typer.main.get_command(app)
    words = ["send", "--body", "--debug", "--to", "+12065550100", "--output", "json"]
    assert hoist(words, command) == ["--output", "json", *words[:-2]]
    assert hoist(["segments", "--", "--region"], command) == ["segments", "--", "--region"]
    origin = toll_free()
    json_of(
        capsys,
        "send",
        "--from",
        origin,
        "--body",
        "--debug",
        "--to",
        "+12065550100",
        "--output",
        "json",
    )
    assert [m.message_body for m in fake.sent_messages] == ["--debug"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == ExitCode.OK
    assert capsys.readouterr().out.strip() == f"smsv2 {smsv2.__version__}"
    assert smsv2.__version__ == "0.3.0"


def test_query_is_jmespath_over_the_json(
    fake: FakeSmsVoice, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = toll_free(), toll_free()
    ids = json_of(capsys, "numbers", "list", "--query", "[].phone_number_id")
    assert isinstance(ids, list) and sorted(ids) == sorted([first, second])
    assert json_of(capsys, "--query", "length(@)", "numbers", "list") == 2
    assert main(["numbers", "list", "--query", "[?"]) == ExitCode.USAGE
    assert "JMESPath" in capsys.readouterr().err


def test_fake_serve_help_is_typer_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fake", "serve", "--help"]) == ExitCode.OK
    text = capsys.readouterr().out
    assert text.startswith("Usage: smsv2 fake serve [OPTIONS]")
    assert "[default: 4566]" in text and "[default: 127.0.0.1]" in text
    serve = typer.main.get_command(app).commands["fake"].commands["serve"]  # type: ignore[attr-defined]
    unexplained = [p.name for p in serve.params if not getattr(p, "help", None)]
    assert unexplained == []


def test_fake_serve_rejects_an_unknown_quota(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fake", "serve", "--port", "0", "--limit", "NOPE=3"]) == ExitCode.USAGE
    assert "PHONE_NUMBERS" in capsys.readouterr().err


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "smsv2")
def test_help_fits_80_columns_and_names_every_option_whole(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert main([*path, "--help"]) == ExitCode.OK
    text = capsys.readouterr().out
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "``" not in text and "<bool>" not in text and "…" not in text
    assert not [line for line in text.splitlines() if line.endswith("...") and "Usage" not in line]
    command = typer.main.get_command(app)
    for word in path:
        command = command.commands[word]  # type: ignore[attr-defined]
    for param in command.params:
        for name in param.opts:
            if name.startswith("-"):
                assert re.search(rf"(^|[\s,/]){re.escape(name)}($|[\s,/=])", text, re.M), name


def test_send_prints_id_encoding_parts_never_the_text(
    fake: FakeSmsVoice, capsys: pytest.CaptureFixture[str]
) -> None:
    origin = toll_free()
    args = ["send", "--from", origin, "--to", "+12065550100", "--body", SECRET]
    assert main(args) == ExitCode.OK
    table = capsys.readouterr()
    sent = json_of(capsys, *args, "--output", "json")
    assert isinstance(sent, dict)
    assert sorted(sent) == ["dry_run", "encoding", "message_id", "parts"]
    for shown in (table.out, table.err, json.dumps(sent)):
        assert "482913" not in shown
    assert fake.sent_messages[0].message_id in table.out and "GSM-7" in table.out


def test_times_are_iso_8601_with_their_zone(
    fake: FakeSmsVoice, capsys: pytest.CaptureFixture[str]
) -> None:
    smsv2.Client().create_opt_out_list(opt_out_list_name="marketing")
    assert main(["opt-outs", "list"]) == ExitCode.OK
    assert ISO_WITH_ZONE.search(capsys.readouterr().out)


def test_the_bar_counts_each_status() -> None:
    from smsv2.bulk import BulkStatus

    counts = dict.fromkeys(BulkStatus, 0) | {BulkStatus.SENT: 12, BulkStatus.OPTED_OUT: 1}
    assert status_counts(counts) == "SENT 12 · OPTED_OUT 1"
    assert status_counts(dict.fromkeys(BulkStatus, 0)) == "-"


def test_results_mark_what_an_earlier_run_settled(
    fake: FakeSmsVoice, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    origin = toll_free()
    jobs = tmp_path / "jobs.csv"
    jobs.write_text(
        "destination_phone_number,message_body,origination_identity,key\n"
        + "".join(f"+1206555010{i},hello,{origin},k{i}\n" for i in range(3))
    )
    journal, results = tmp_path / "run.sqlite", tmp_path / "results.csv"
    runs = []
    for _ in range(2):
        args = ["send-bulk", str(jobs), "--rate", "100", "--journal", str(journal)]
        json_of(capsys, *args, "--results", str(results), "--output", "json")
        runs.append({row["key"]: row for row in csv.DictReader(results.open())})
    assert {row["settled_by"] for row in runs[0].values()} == {"this run"}
    assert {(row["settled_by"], row["status"]) for row in runs[1].values()} == {
        ("earlier run", "SENT")
    }
    assert len(fake.sent_messages) == 3


def test_a_missing_region_is_a_local_problem_said_in_cli_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    assert main(["numbers", "list"]) == ExitCode.LOCAL_PROBLEM
    err = capsys.readouterr().err
    assert "--region" in err and "AWS_REGION" in err and "region_name=" not in err


def test_missing_credentials_point_at_the_fake_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    code = main(["--region", "us-east-1", "numbers", "list"])
    err = capsys.readouterr().err
    assert code == ExitCode.LOCAL_PROBLEM, err
    assert "smsv2 fake serve" in err and "mock_sms_voice" not in err and "profile_name" not in err


def test_an_unwritable_results_file_is_a_local_problem(
    fake: FakeSmsVoice, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text("")
    results = tmp_path / "missing-dir" / "results.csv"
    jobs.write_text(json.dumps({"destination_phone_number": "+12065550100", "message_body": "x"}))
    assert main(["send-bulk", str(jobs), "--results", str(results)]) == ExitCode.LOCAL_PROBLEM
    assert capsys.readouterr().err == "error: FileNotFoundError: No such file or directory\n"
    assert fake.sent_messages == []  # checked before the first send


def test_a_malformed_messages_file_is_a_local_problem(
    fake: FakeSmsVoice, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jobs = tmp_path / "jobs.jsonl"
    good = json.dumps({"destination_phone_number": "+12065550100", "message_body": "x"})
    jobs.write_text(f"{good}\n{{not json\n")
    assert main(["send-bulk", str(jobs)]) == ExitCode.LOCAL_PROBLEM
    assert capsys.readouterr().err == "error: jobs.jsonl: line 2 is not JSON\n"
    assert fake.sent_messages == []  # the file is read through before the first send


def test_demo_names_its_rate_and_the_blocked_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == ExitCode.OK
    out = capsys.readouterr().out
    flat = " ".join(out.split())  # rich wraps lines at the terminal's width
    assert "send_bulk(parts_per_second=50)" in flat and "toll-free number's default is 3" in flat
    assert re.search(r"send_bulk: \d+ messages in .* [\d.]+ parts/s \(the rate achieved", flat)
    blocked = next(line for line in out.splitlines() if "demo-18" in line)
    assert "BLOCKED" in blocked and "Phone has blocked SMS" in blocked
