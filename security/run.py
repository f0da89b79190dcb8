"""`make security`: sqlmap and wapiti against a running portal.

The portal runs with the test settings on a fresh database (cdp_security) holding the demo
content, on 127.0.0.1 and a free port. Reports go to test-output/security/. Exits non-zero
when either tool reports a vulnerability, or wapiti saw a server error (an anomaly)."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
OUTPUT = ROOT / "test-output" / "security"
DATABASE = os.environ.get("SECURITY_DATABASE", "cdp_security")
POSTGRES = os.environ.get("SECURITY_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# Seconds each sqlmap target and each wapiti scan may take (`timeout` enforces them).
SQLMAP_SECONDS = int(os.environ.get("SQLMAP_SECONDS", "240"))
WAPITI_SECONDS = int(os.environ.get("WAPITI_SECONDS", "300"))
ENVIRONMENT = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "diplomacy.settings.test",
    "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
    "REDIS_URL": os.environ.get("SECURITY_REDIS_URL", "redis://127.0.0.1:6379/12"),
}
# Query strings the views read, so both tools have parameters to inject into.
SQLMAP_TARGETS = {
    "search": ["-u", "/en/search/?q=cooperatives&kind=&page=1"],
    "search-ar": ["-u", "/ar/search/?q=%D8%AA%D8%B9%D8%A7%D9%88%D9%86&page=1"],
    "publications": ["-u", "/en/publications/?q=water&kind=&sector=&region=&year=&page=1"],
    "sign-in": [
        "-u",
        "/en/accounts/login/",
        "--data=login=someone%40example.org&password=wrong-password&csrfmiddlewaretoken=x",
        "--csrf-token=csrfmiddlewaretoken",
        "--csrf-url={base}/en/accounts/login/",
        "-p",
        "login,password",
    ],
}
SQLMAP_FOUND = ("identified the following injection point", "is vulnerable")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database() -> None:
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    manage = [str(BIN / "python"), "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=ENVIRONMENT, check=True)
    subprocess.run([*manage, "loaddemo"], cwd=ROOT, env=ENVIRONMENT, check=True)


@contextmanager
def portal():
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (OUTPUT / "portal.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "diplomacy.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=ENVIRONMENT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until_up(base)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def wait_until_up(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The portal did not start; see {OUTPUT / 'portal.log'}")


def run_sqlmap(base: str) -> list[str]:
    """Each target's findings (empty: nothing injectable found)."""
    findings = []
    for name, arguments in SQLMAP_TARGETS.items():
        arguments = [arg.format(base=base) for arg in arguments]
        arguments[1] = base + arguments[1]
        command = [
            "timeout", str(SQLMAP_SECONDS), "sqlmap", *arguments, "--batch", "--level=2",
            "--risk=1", "--flush-session", f"--output-dir={OUTPUT / 'sqlmap'}",
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True)
        (OUTPUT / f"sqlmap-{name}.txt").write_text(result.stdout + result.stderr)
        timed_out = " (stopped at the time limit)" if result.returncode == 124 else ""
        found = any(marker in result.stdout for marker in SQLMAP_FOUND)
        print(f"sqlmap {name}: {'INJECTABLE' if found else 'nothing found'}{timed_out}")
        if found:
            findings.append(name)
    return findings


def run_wapiti(base: str) -> list[str]:
    findings: list[str] = []
    for language in ("ar", "en"):
        report = OUTPUT / f"wapiti-{language}.json"
        command = [
            "timeout", str(2 * WAPITI_SECONDS), "wapiti", "-u", f"{base}/{language}/",
            "--scope", "folder", "-m", "sql,xss,exec,file,crlf,redirect",
            # The scan limit alone does not stop the attacks; each module gets its share.
            "--max-scan-time", str(WAPITI_SECONDS),
            "--max-attack-time", str(WAPITI_SECONDS // 8), "--flush-session",
            "-f", "json", "-o", str(report),
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True)
        (OUTPUT / f"wapiti-{language}.txt").write_text(result.stdout + result.stderr)
        if not report.exists():
            print(f"wapiti /{language}/: no report (exit {result.returncode})")
            findings.append(f"/{language}/: no report")
            continue
        data = json.loads(report.read_text())
        for section in ("vulnerabilities", "anomalies"):
            for kind, entries in data.get(section, {}).items():
                for entry in entries:
                    findings.append(f"/{language}/ {kind}: {entry.get('path')} {entry.get('info')}")
        crawled = len(data.get("infos", {}).get("crawled_pages", [])) or "?"
        print(f"wapiti /{language}/: {len(findings)} finding(s) so far; pages crawled: {crawled}")
    return findings


def main() -> int:
    missing = [tool for tool in ("sqlmap", "wapiti") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(f"Missing {', '.join(missing)}: run `bash .ci/ensure-security-tools`.")
    shutil.rmtree(OUTPUT, ignore_errors=True)
    OUTPUT.mkdir(parents=True)
    fresh_database()
    with portal() as base:
        print(f"Portal on {base}; reports in {OUTPUT.relative_to(ROOT)}/")
        sqlmap_findings = run_sqlmap(base)
        wapiti_findings = run_wapiti(base)
    print("\nSummary")
    print(f"  sqlmap: {len(sqlmap_findings)} injectable target(s) {sqlmap_findings or ''}")
    print(f"  wapiti: {len(wapiti_findings)} finding(s)")
    for finding in wapiti_findings:
        print(f"    {finding}")
    return 1 if sqlmap_findings or wapiti_findings else 0


if __name__ == "__main__":
    sys.exit(main())
