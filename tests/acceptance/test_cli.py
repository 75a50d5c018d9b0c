"""`exactbridge` as a user runs it: real processes, real sockets, curl from the README."""

from __future__ import annotations

import re
import shutil
import ssl
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.support.processes import EXACTBRIDGE, running_emulator

pytestmark = pytest.mark.acceptance

ROOT = Path(__file__).resolve().parents[2]


def test_help_lists_the_commands() -> None:
    result = subprocess.run([EXACTBRIDGE, "--help"], capture_output=True, text=True, check=True)
    assert "emulator" in result.stdout and "demo" in result.stdout
    emulator_help = subprocess.run(
        [EXACTBRIDGE, "emulator", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for option in ("--tls-cert", "--seed", "--size", "--app", "--minutely-limit", "--auto-consent"):
        assert option in emulator_help


def test_bad_options_give_a_clear_error_not_a_traceback() -> None:
    result = subprocess.run(
        [EXACTBRIDGE, "emulator", "--port", "0", "--app", "not-a-guid:secret:https://x/cb"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "client id must be a GUID" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_readme_curl_walkthrough_gets_a_token_and_pages_through_accounts() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Try it with curl", 1)[1]
    script = re.search(r"```sh\n(.*?)```", section, re.S)
    assert script is not None
    body = script.group(1)
    with running_emulator("--auto-consent") as url:
        lines = [line for line in body.splitlines() if not line.startswith("exactbridge emulator")]
        text = "\n".join(lines).replace("E=http://127.0.0.1:8765", f"E={url}")
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", text],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    names = [line for line in result.stdout.splitlines() if re.match(r"^\d+ ", line)]
    assert len(names) >= 30  # every account of the division, across pages
    assert (
        "X-RateLimit-Minutely-Remaining" in result.stderr
        or "x-ratelimit-minutely-remaining" in result.stderr
    )


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_https_with_a_certificate(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    trust = ssl.create_default_context(cafile=str(cert))
    with running_emulator(
        "--tls-cert", str(cert), "--tls-key", str(key), scheme="https", verify=trust
    ) as url:
        response = httpx.get(f"{url}/api/v1/current/Me", verify=trust)
        assert response.status_code == 401  # served over TLS; a token is still required
