"""Build the wheel and sdist, check them, install the wheel into a fresh venv and use it there.

Run as `make dist-check` (and by .ci/run). Exits non-zero with one line per problem.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every public module a user may import from an installed wheel.
PUBLIC_MODULES = (
    "smsv2",
    "smsv2.client",
    "smsv2.errors",
    "smsv2.models",
    "smsv2.retries",
    "smsv2.pagination",
    "smsv2.resources",
    "smsv2.testing",
    "smsv2.encoding",
    "smsv2.phone",
    "smsv2.events",
    "smsv2.bulk",
    "smsv2.cli",
)
# The inbox's web UI: package data, served from the installed wheel.
INBOX_ASSETS = tuple(
    f"smsv2/testing/_inbox/static/{name}"
    for name in ("index.html", "inbox.js", "inbox.css", "icon.svg")
)
# What `import smsv2` must not pull in: the CLI's libraries and the optional extras.
NOT_AT_IMPORT = ("typer", "rich", "aiobotocore", "phonenumbers", "redis", "celery", "moto")


def run(*cmd: str | Path, cwd: Path = ROOT) -> str:
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return done.stdout


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dist"
        run(sys.executable, "-m", "build", "--outdir", out, ROOT)
        wheels, sdists = sorted(out.glob("*.whl")), sorted(out.glob("*.tar.gz"))
        if len(wheels) != 1 or len(sdists) != 1:
            sys.exit(f"expected one wheel and one sdist, got {[p.name for p in out.iterdir()]}")
        run(sys.executable, "-m", "twine", "check", "--strict", *wheels, *sdists)
        names = zipfile.ZipFile(wheels[0]).namelist()
        problems = []
        if "smsv2/py.typed" not in names:
            problems.append("the wheel lacks smsv2/py.typed")
        missing = [n for n in INBOX_ASSETS if n not in names]
        if missing:
            problems.append(f"the wheel lacks the inbox's files: {missing}")
        stray = [n for n in names if n.startswith(("tests/", "codegen/", "benchmarks/"))]
        if stray:
            problems.append(f"the wheel carries files outside the package: {stray[:5]}")
        env = Path(tmp) / "venv"
        venv.create(env, with_pip=True)
        python = env / "bin" / "python"
        # With the CLI's extra, as a user who wants `smsv2 demo` installs it.
        run(python, "-m", "pip", "install", "--quiet", f"{wheels[0]}[cli]")
        probe = (
            "import importlib, sys\n"
            "import smsv2\n"
            f"loaded = [m for m in {NOT_AT_IMPORT!r} if m in sys.modules]\n"
            "assert not loaded, f'import smsv2 loaded {loaded}'\n"
            f"for name in {PUBLIC_MODULES!r}:\n"
            "    module = importlib.import_module(name)\n"
            "    for attr in getattr(module, '__all__', ()):\n"
            "        getattr(module, attr)\n"
            "import urllib.request\n"
            "from smsv2.testing import FakeSmsVoice\n"
            "with FakeSmsVoice().serve_inbox() as url:\n"
            "    for page in ('', '/assets/inbox.js', '/assets/inbox.css', '/assets/icon.svg'):\n"
            "        assert urllib.request.urlopen(url + page).status == 200, page\n"
            "print(smsv2.__version__)\n"
        )
        version = run(python, "-c", probe, cwd=Path(tmp)).strip()
        if not wheels[0].name.startswith(f"smsv2-{version}-"):
            problems.append(f"wheel {wheels[0].name} does not carry version {version}")
        demo = run(env / "bin" / "smsv2", "demo", cwd=Path(tmp))
        if "STOP applied to the opt-out list" not in demo:
            problems.append("`smsv2 demo` from the wheel did not finish its summary")
        if problems:
            sys.exit("\n".join(problems))
        print(f"ok: {wheels[0].name} and {sdists[0].name}: installed, imported, smsv2 demo ran")


if __name__ == "__main__":
    main()
