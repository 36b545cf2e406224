"""`smsv2 registrations plan|apply|status SPEC`: registrations as code."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from smsv2.cli._settings import SETTINGS, ExitCode
from smsv2.resources import Registration, RegistrationSpec

SpecFile = Annotated[
    Path, typer.Argument(help="The spec file (.toml, .json, .yaml).", exists=True, dir_okay=False)
]


def _say(text: str) -> None:
    SETTINGS.console.print(text, markup=False, highlight=False, soft_wrap=True)


def plan(spec_file: SpecFile) -> None:
    """Check SPEC against the type's field definitions and show what apply would change."""
    spec = RegistrationSpec.load(spec_file)
    found = Registration.plan(spec, client=SETTINGS.client())
    _say(str(found))
    if not found.ok:
        raise typer.Exit(ExitCode.SERVICE_ERROR)


def apply(
    spec_file: SpecFile,
    submit: Annotated[bool, typer.Option(help="Submit the version for review.")] = True,
) -> None:
    """Create or update the registration SPEC describes, then submit it (idempotent)."""
    client = SETTINGS.client()
    spec = RegistrationSpec.load(spec_file)
    _say(str(Registration.plan(spec, client=client)))
    registration = Registration.apply(spec, client=client, submit=submit)
    version = registration.version()
    _say(f"{registration.id} v{version.version_number}: {version.status}")


def status(
    spec_file: SpecFile,
    wait: Annotated[bool, typer.Option(help="Poll (with backoff) until the review ends.")] = False,
) -> None:
    """Show the review status of the registration SPEC manages, with any denial reasons."""
    client = SETTINGS.client()
    spec = RegistrationSpec.load(spec_file)
    registration = Registration.for_spec(spec, client=client)
    if registration is None:
        _say(f"{spec.registration_type} {spec.name!r}: not created yet (run apply)")
        raise typer.Exit(ExitCode.SERVICE_ERROR)
    if wait:
        _say(str(registration.wait()))
        return
    outcome = registration.review_outcome()
    if outcome is None:
        version = registration.version()
        _say(f"{registration.id} v{version.version_number}: {version.status}")
    else:
        _say(str(outcome))
