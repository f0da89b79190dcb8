"""Page weight: what Chromium transfers for a page (compressed, headers included), by
kind of resource, read from the DevTools protocol."""

from dataclasses import dataclass, field

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
KINDS = {
    "Document": "html",
    "Stylesheet": "css",
    "Script": "js",
    "Font": "fonts",
    "Image": "images",
}
BUDGET_BYTES = 50 * 1024  # HTML + CSS + JS + fonts, images aside


@dataclass
class PageWeight:
    label: str
    path: str
    bytes_by_kind: dict[str, int] = field(default_factory=dict)
    resources: list[tuple[str, str, int, str]] = field(
        default_factory=list
    )  # kind, url, bytes, encoding

    @property
    def total(self) -> int:
        return sum(self.bytes_by_kind.get(kind, 0) for kind in ("html", "css", "js", "fonts"))


def measure(label: str, url: str, path: str) -> PageWeight:
    from playwright.sync_api import sync_playwright

    weight = PageWeight(label, path)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 412, "height": 823})
        page = context.new_page()
        devtools = context.new_cdp_session(page)
        devtools.send("Network.enable")
        devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
        seen: dict[str, tuple[str, str, str]] = {}
        finished: dict[str, int] = {}

        def on_response(event: dict) -> None:
            response = event["response"]
            headers = {name.lower(): value for name, value in response.get("headers", {}).items()}
            kind = KINDS.get(event["type"], event["type"].lower())
            seen[event["requestId"]] = (kind, response["url"], headers.get("content-encoding", ""))

        devtools.on("Network.responseReceived", on_response)
        devtools.on(
            "Network.loadingFinished",
            lambda event: finished.__setitem__(event["requestId"], int(event["encodedDataLength"])),
        )
        page.goto(url, wait_until="networkidle")
        page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
        page.wait_for_timeout(300)
        browser.close()
    for request_id, (kind, resource_url, encoding) in seen.items():
        size = finished.get(request_id, 0)
        weight.bytes_by_kind[kind] = weight.bytes_by_kind.get(kind, 0) + size
        weight.resources.append(
            (kind, resource_url.split("/", 3)[-1], size, encoding or "identity")
        )
    print(f"  {label:<38} {weight.total / 1024:6.1f} KB (budget {BUDGET_BYTES // 1024} KB)  "
          + ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in sorted(weight.bytes_by_kind.items())),
          flush=True)  # fmt: skip
    return weight
