"""`make security`: sqlmap and wapiti against a running portal.

The portal runs with the test settings on a fresh database (cdp_security) holding the demo
content, on 127.0.0.1 and a free port. Reports go to test-output/security/. Exits non-zero
when either tool reports a vulnerability, or wapiti saw a server error (an anomaly)."""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
OUTPUT = ROOT / "test-output" / "security"
DATABASE = os.environ.get("SECURITY_DATABASE", "cdp_security")
POSTGRES = os.environ.get("SECURITY_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# Seconds sqlmap may spend per tested parameter of a target, and each wapiti scan
# (`timeout` enforces them; a parameter takes 30–90 s at level 1 on two busy cores).
SQLMAP_SECONDS = int(os.environ.get("SQLMAP_SECONDS", "150"))
WAPITI_SECONDS = int(os.environ.get("WAPITI_SECONDS", "300"))
ENVIRONMENT = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "security.settings",
    "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
    "REDIS_URL": os.environ.get("SECURITY_REDIS_URL", "redis://127.0.0.1:6379/12"),
}
# Every query parameter the public views read, so sqlmap has each one to inject into.
QUERY_TARGETS = {
    "search": "/en/search/?q=cooperatives&kind=&page=1",
    "search-ar": "/ar/search/?q=%D8%AA%D8%B9%D8%A7%D9%88%D9%86&kind=&page=1",
    "publications": "/en/publications/?q=water&kind=&sector=&region=&year=&page=1",
    "programs": "/en/programs/?kind=&sector=&page=1",
    "partners": "/en/partners/?q=union&sector=&kind=&region=&page=1",
}
CSRF_FIELD = "csrfmiddlewaretoken"
HONEYPOT = "contact_fax"  # delegations.forms.HoneypotForm: filled, the form answers 400
DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - diplomacy.accounts.demo_people, published
PARTICIPANT_EMAIL = "demo-participant@example.org"
APPLICANT_EMAIL = "demo-applicant@example.org"
SQLMAP_FOUND = ("identified the following injection point", "is vulnerable")


def free_port() -> int:
    if os.environ.get("SECURITY_PORT"):
        return int(os.environ["SECURITY_PORT"])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database() -> None:
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(
            f'CREATE DATABASE "{DATABASE}" TEMPLATE template0 '
            "LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'"
        )
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


class Visitor:
    """Just enough of a browser for the scanners' set-up: cookies, sign-in, reading forms."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[str, str]:
        """The page's HTML and the path it ended on (after redirects)."""
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode(), urllib.parse.urlsplit(response.geturl()).path

    def sign_in(self, email: str) -> None:
        page, path = self.get("/en/accounts/login/")
        form = post_form(page, path)
        form.fields.update(login=email, password=DEMO_PASSWORD)
        body = urllib.parse.urlencode(list(form.fields.items())).encode()
        request = urllib.request.Request(self.base + form.action, data=body)
        request.add_header("Referer", self.base + path)
        with self.opener.open(request, timeout=30) as response:
            if "/accounts/login/" in response.geturl():
                raise SystemExit(f"Could not sign in as {email} (DEMO_ACCOUNTS off?)")

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)


class FormReader(HTMLParser):
    """The POST forms of a page, each field with a plausible value a person would type."""

    SAMPLE_VALUES = {"email": "someone@example.org", "password": "wrong-password",
                     "date": "2026-12-01", "number": "1", "url": "https://example.org/"}  # fmt: skip

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path, self.forms, self.current, self.select = path, [], None, None

    def handle_starttag(self, tag: str, attributes: list) -> None:
        attrs = {name: value or "" for name, value in attributes}
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.current = Form(action=attrs.get("action") or self.path)
            self.forms.append(self.current)
        elif self.current is None or not attrs.get("name"):
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "textarea":
            self.current.fields[attrs["name"]] = "A sample answer"
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and attrs.get("value"):
            self.current.fields.setdefault(self.select, attrs["value"])

    def _input(self, attrs: dict) -> None:
        kind, name = attrs.get("type", "text").lower(), attrs["name"]
        if name == HONEYPOT or kind in ("submit", "button", "file"):
            return
        if kind in ("checkbox", "radio"):
            self.current.fields.setdefault(name, attrs.get("value", "on"))
            return
        self.current.fields[name] = attrs.get("value") or self.SAMPLE_VALUES.get(kind, "sample")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def post_form(page: str, path: str) -> Form:
    """The page's main POST form: the one with the most fields (not sign-out, language)."""
    reader = FormReader(path)
    reader.feed(page)
    if not reader.forms:
        raise SystemExit(f"No form on {path}")
    return max(reader.forms, key=lambda form: len(form.fields))


def form_target(visitor: Visitor, page_path: str) -> list[str]:
    """sqlmap arguments posting the form of `page_path` as `visitor`, every field tested."""
    page, path = visitor.get(page_path)
    form = post_form(page, path)
    tested = [name for name in form.fields if name != CSRF_FIELD]
    return [
        "-u", visitor.base + form.action,
        f"--data={urllib.parse.urlencode(list(form.fields.items()))}",
        f"--csrf-token={CSRF_FIELD}", f"--csrf-url={visitor.base + path}",
        f"--cookie={visitor.cookie_header()}", f"--headers=Referer: {visitor.base + path}",
        "-p", ",".join(tested),
    ]  # fmt: skip


def registration_page(visitor: Visitor) -> str:
    """The registration form of the first session of the demo that takes registrations."""
    programs, _path = visitor.get("/en/programs/")
    for slug in dict.fromkeys(re.findall(r'href="/en/programs/([^/"]+)/"', programs)):
        detail, _path = visitor.get(f"/en/programs/{slug}/")
        found = re.search(r'href="(/en/programs/[^"]+/sessions/\d+/register/)"', detail)
        if found:
            return found.group(1)
    raise SystemExit("No session of the demo programs takes registrations")


def sqlmap_targets(base: str) -> dict[str, list[str]]:
    """Every public query string and form; the signed-in ones as the demo people."""
    targets = {
        name: [
            "-u",
            base + path,
            "-p",
            ",".join(
                urllib.parse.parse_qs(urllib.parse.urlsplit(path).query, keep_blank_values=True)
            ),
        ]
        for name, path in QUERY_TARGETS.items()
    }
    # The cookies the portal reads (session, CSRF, language), once, at level 2.
    cookies = Visitor(base)
    cookies.sign_in(PARTICIPANT_EMAIL)
    targets["cookies"] = [
        "-u", base + "/en/my/", f"--cookie={cookies.cookie_header()}", "--level=2",
        "-p", ",".join(cookie.name for cookie in cookies.cookies),
    ]  # fmt: skip
    anonymous = Visitor(base)
    targets["sign-in"] = form_target(anonymous, "/en/accounts/login/")
    targets["newsletter"] = form_target(Visitor(base), "/en/notifications/subscribe/")
    participant = Visitor(base)
    participant.sign_in(PARTICIPANT_EMAIL)
    targets["program-registration"] = form_target(participant, registration_page(participant))
    applicant = Visitor(base)
    applicant.sign_in(APPLICANT_EMAIL)
    targets["delegation-apply"] = form_target(applicant, "/en/delegations/apply/")
    return targets


def run_sqlmap(base: str) -> tuple[list[str], list[str]]:
    """The injectable targets, and those stopped at the time limit before the end."""
    findings, incomplete = [], []
    for name, arguments in sqlmap_targets(base).items():
        started = time.monotonic()
        parameters = arguments[arguments.index("-p") + 1].count(",") + 1
        level = [] if "--level=2" in arguments else ["--level=1"]
        command = [
            "timeout", str(SQLMAP_SECONDS * parameters), "sqlmap", *arguments, *level,
            "--batch", "--risk=1", "--threads=2", "--flush-session",
            f"--output-dir={OUTPUT / 'sqlmap'}",
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True)
        (OUTPUT / f"sqlmap-{name}.txt").write_text(
            " ".join(command) + "\n" + result.stdout + result.stderr
        )
        timed_out = " (stopped at the time limit)" if result.returncode == 124 else ""
        found = any(marker in result.stdout for marker in SQLMAP_FOUND)
        seconds = time.monotonic() - started
        print(
            f"sqlmap {name} ({parameters} parameters): "
            f"{'INJECTABLE' if found else 'nothing found'}{timed_out}, {seconds:.0f} s",
            flush=True,
        )
        if found:
            findings.append(name)
        if timed_out:
            incomplete.append(name)
    return findings, incomplete


def run_wapiti(base: str) -> list[str]:
    findings: list[str] = []
    for language in ("ar", "en"):
        started = time.monotonic()
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
        seconds = time.monotonic() - started
        print(
            f"wapiti /{language}/: {len(findings)} finding(s) so far; pages crawled: {crawled}, "
            f"{seconds:.0f} s",
            flush=True,
        )
    return findings


def main() -> int:
    missing = [tool for tool in ("sqlmap", "wapiti") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(f"Missing {', '.join(missing)}: run `bash .ci/ensure-security-tools`.")
    shutil.rmtree(OUTPUT, ignore_errors=True)
    OUTPUT.mkdir(parents=True)
    started = time.monotonic()
    fresh_database()
    with portal() as base:
        print(f"Portal on {base}; reports in {OUTPUT.relative_to(ROOT)}/", flush=True)
        sqlmap_findings, sqlmap_incomplete = run_sqlmap(base)
        wapiti_findings = run_wapiti(base)
    print(f"\nSummary ({(time.monotonic() - started) / 60:.0f} minutes)")
    print(f"  sqlmap: {len(sqlmap_findings)} injectable target(s) {sqlmap_findings or ''}")
    if sqlmap_incomplete:
        print(f"  sqlmap stopped at the time limit on: {', '.join(sqlmap_incomplete)}")
    print(f"  wapiti: {len(wapiti_findings)} finding(s)")
    for finding in wapiti_findings:
        print(f"    {finding}")
    return 1 if sqlmap_findings or wapiti_findings else 0


if __name__ == "__main__":
    sys.exit(main())
