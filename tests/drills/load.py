"""People submitting things through the two web processes, as browsers do: a page is
loaded (for its CSRF cookie), the form posted; what fails is tried again, as a person
presses the button again, until the portal says yes or the patience runs out."""

import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta

import requests

PATIENCE_SECONDS = 120


@dataclass
class Item:
    kind: str  # "newsletter", "registration" or "delegation"
    key: str  # the address (newsletter) or the person's id
    language: str
    acknowledged: bool = False
    failed_attempts: int = 0
    request_seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def organization_step(number: int) -> dict:
    return {
        "lead_name": f"Lead {number}", "lead_phone": "+46 70 123 45 67",
        "organization": f"Drill solidarity group {number}", "organization_country": "SE",
        "organization_website": "https://example.org", "delegation_type": "solidarity",
        "action": "next",
    }  # fmt: skip


def member_step(number: int) -> dict:
    member = {
        "full_name": f"Member {number}", "nationality": "SE", "passport_number": "AB 123 4567",
        "date_of_birth": "1990-04-02", "role": "Lead", "email": f"member{number}@example.org",
    }  # fmt: skip
    data = {"members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0", "members-MAX_NUM_FORMS": "1000", "action": "next"}  # fmt: skip
    data.update({f"members-0-{key}": value for key, value in member.items()})
    return data


def visit_step() -> dict:
    return {
        "purpose": "Learn from the cooperatives of Jazira.", "meeting_interests": "Cooperatives",
        "arrival_date": (date.today() + timedelta(days=30)).isoformat(),
        "departure_date": (date.today() + timedelta(days=37)).isoformat(),
        "entry_route": "iraqi-kurdistan", "languages": "English", "action": "next",
    }  # fmt: skip


CONFIRM_STEP = {"safety_acknowledged": "on", "data_consent": "on", "action": "submit"}


class Visitor:
    """One browser: its cookies, its address (X-Forwarded-For), the web processes."""

    def __init__(self, item: Item, origins: itertools.cycle, address: str, session_key=None):
        self.item, self.origins, self.address = item, origins, address
        self.http = requests.Session()
        self.http.headers["X-Forwarded-For"] = address
        if session_key:
            self.http.cookies.set("sessionid", session_key)

    def post(self, path: str, data: dict) -> str:
        """Load the page, post the form; again until answered with a redirect. Returns
        where it redirects to."""
        deadline = time.monotonic() + PATIENCE_SECONDS
        while True:
            origin = next(self.origins)
            started = time.monotonic()
            try:
                self.http.get(origin + path, timeout=30)
                token = self.http.cookies.get("csrftoken", "")
                response = self.http.post(origin + path, data=data, timeout=30,
                                          headers={"X-CSRFToken": token}, allow_redirects=False)  # fmt: skip
                outcome = response.status_code
            except requests.RequestException as error:
                outcome = type(error).__name__
            took = time.monotonic() - started
            self.item.request_seconds.append(took)
            if outcome == 302:
                return response.headers["Location"]
            self.item.failed_attempts += 1
            self.item.errors.append(f"{path}: {outcome}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.item.kind} {self.item.key}: gave up ({outcome})")
            time.sleep(0.5)


def submit(item: Item, visitor: Visitor, context: dict) -> None:
    language = item.language
    if item.kind == "newsletter":
        visitor.post(f"/{language}/notifications/subscribe/",
                     {"email": item.key, "language": language})  # fmt: skip
    elif item.kind == "registration":
        path = f"/{language}/programs/{context['program']}/sessions/{context['event']}/register/"
        visitor.post(path, {"consent": "on"})
    else:
        number = int(item.key)
        location = visitor.post(f"/{language}/delegations/apply/", organization_step(number))
        steps = location.rsplit("/", 2)[0]  # …/apply/<pk>
        visitor.post(f"{steps}/members/", member_step(number))
        visitor.post(f"{steps}/visit/", visit_step())
        visitor.post(f"{steps}/confirm/", CONFIRM_STEP)
    item.acknowledged = True


class Load:
    """Submissions spread over a while, by many people at once, in the background."""

    counter = itertools.count(1)

    def __init__(self, *, origins: list[str], people: list[dict], context: dict) -> None:
        self.origins = itertools.cycle(origins)
        self.people = iter(people)
        self.context = context
        self.items: list[Item] = []
        self.thread: threading.Thread | None = None

    def _visitor_for(self, kind: str) -> tuple[Item, Visitor]:
        number = next(self.counter)
        address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        if kind == "newsletter":
            language = "ar" if number % 2 else "en"
            item = Item(kind, f"reader{number}@drill.example.org", language)
            return item, Visitor(item, self.origins, address)
        person = next(self.people)
        key = str(person["id"])
        item = Item(kind, key, person["language"])
        return item, Visitor(item, self.origins, address, person["session"])

    def start(self, *, count: int, spread_seconds: float, concurrency: int = 20) -> None:
        kinds = itertools.cycle(["newsletter", "registration", "delegation"])
        planned = [self._visitor_for(next(kinds)) for _ in range(count)]
        self.items += [item for item, _visitor in planned]

        def run() -> None:
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=concurrency) as pool:
                for index, (item, visitor) in enumerate(planned):
                    wait = started + index * spread_seconds / max(count, 1) - time.monotonic()
                    if wait > 0:
                        time.sleep(wait)
                    pool.submit(self._submit_safely, item, visitor)

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def _submit_safely(self, item: Item, visitor: Visitor) -> None:
        try:
            submit(item, visitor, self.context)
        except Exception as error:
            item.errors.append(str(error))

    def join(self) -> list[Item]:
        if self.thread is not None:
            self.thread.join()
        return self.items
