"""The command line in a real terminal (tmux): the live progress bar, then Ctrl-C stops the
run with a summary and exit code 130, as a person at the keyboard would see it."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import smsv2

from .test_cli import fake_server

TMUX = shutil.which("tmux")
MESSAGES = 300


@pytest.fixture
def production_server() -> Iterator[str]:
    with fake_server("--production") as url:
        yield url


def pane(socket: str) -> str:
    assert TMUX is not None
    done = subprocess.run(
        [TMUX, "-L", socket, "capture-pane", "-p", "-t", "cli"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout


def wait_for(socket: str, text: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        screen = pane(socket)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared on the terminal:\n{pane(socket)}")


def test_progress_bar_and_ctrl_c_summary_in_a_terminal(
    production_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert TMUX is not None, "tmux is needed (.ci/run installs it)"
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing")):
        monkeypatch.setenv(name, value)
    client = smsv2.Client(region_name="us-east-1", endpoint_url=production_server)
    number = client.request_phone_number(
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
                    "message_body": f"Your code is {i:06d}",
                }
            )
            + "\n"
            for i in range(MESSAGES)
        )
    )
    command = shlex.join(
        [
            "env",
            "AWS_ACCESS_KEY_ID=testing",
            "AWS_SECRET_ACCESS_KEY=testing",
            sys.executable,
            "-m",
            "smsv2.cli",
            "--region",
            "us-east-1",
            "--endpoint-url",
            production_server,
            "send-bulk",
            str(jobs),
            "--rate",
            "10",
            "--results",
            str(tmp_path / "results.csv"),
        ]
    )
    socket = f"smsv2-test-{os.getpid()}"
    subprocess.run(
        [
            TMUX,
            "-L",
            socket,
            "new-session",
            "-d",
            "-s",
            "cli",
            "-x",
            "120",
            "-y",
            "30",
            f"{command}; echo EXIT=$?; sleep 60",
        ],
        check=True,
    )
    try:
        shown = wait_for(socket, f"/{MESSAGES}", 60)  # the live bar: done/total
        assert "send-bulk" in shown and "parts/s" in shown
        assert "SENT " in wait_for(socket, "SENT ", 30)  # the bar counts each status
        time.sleep(1.0)
        subprocess.run([TMUX, "-L", socket, "send-keys", "-t", "cli", "C-c"], check=True)
        screen = wait_for(socket, "EXIT=", 60)
    finally:
        subprocess.run([TMUX, "-L", socket, "kill-server"], check=False)
    assert "EXIT=130" in screen, screen
    # The summary, once: the stopped run prints it; the command does not repeat it.
    assert screen.count(" messages in ") == 1 and "stopped" in screen, screen
    rows = (tmp_path / "results.csv").read_text().splitlines()
    assert 1 < len(rows) < MESSAGES + 1  # some sent, the rest never started
    assert "+1206555" not in "\n".join(rows)  # the results carry keys, not numbers
