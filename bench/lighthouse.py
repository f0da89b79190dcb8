"""Lighthouse 12 (npm), mobile and desktop: the four category scores and LCP, TBT, CLS.

Runs on the load core with the Debian Chromium; reports are kept in var/bench/."""

import json
import os
import subprocess
from dataclasses import dataclass, field

from bench.environment import LOAD_CORE, ROOT

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
REPORTS = ROOT / "var" / "bench"


@dataclass
class LighthouseResult:
    label: str
    form_factor: str
    scores: dict[str, int]
    lcp_ms: float
    tbt_ms: float
    cls: float
    shortfalls: list[str] = field(default_factory=list)  # audits that cost points
    # Lighthouse's measure of how fast this machine ran Chromium (higher is faster; a
    # desktop of 2020 scores about 1,000): low values inflate the mobile TBT and LCP.
    benchmark_index: float = 0.0


def run(label: str, url: str, *, form_factor: str) -> LighthouseResult:
    REPORTS.mkdir(parents=True, exist_ok=True)
    report_path = (
        REPORTS / f"lighthouse-{label.replace(' ', '-').replace('/', '')}-{form_factor}.json"
    )
    command = [
        "taskset", "-c", LOAD_CORE, str(ROOT / "node_modules" / ".bin" / "lighthouse"), url,
        "--output=json", f"--output-path={report_path}", "--quiet",
        f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}",
    ]  # fmt: skip
    if form_factor == "desktop":
        command.append("--preset=desktop")
    subprocess.run(
        command, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, check=True, timeout=180,
        capture_output=True,
    )  # fmt: skip
    report = json.loads(report_path.read_text())
    audits = report["audits"]
    scores = {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    shortfalls = sorted(
        {
            audit_ref["id"]
            for name in CATEGORIES
            for audit_ref in report["categories"][name]["auditRefs"]
            if audit_ref.get("weight", 0) > 0
            and audits[audit_ref["id"]].get("score") is not None
            and audits[audit_ref["id"]]["score"] < 1
        }
    )
    result = LighthouseResult(
        label,
        form_factor,
        scores,
        lcp_ms=audits["largest-contentful-paint"]["numericValue"],
        tbt_ms=audits["total-blocking-time"]["numericValue"],
        cls=audits["cumulative-layout-shift"]["numericValue"],
        shortfalls=shortfalls,
        benchmark_index=report.get("environment", {}).get("benchmarkIndex", 0.0),
    )
    print(f"  {label:<24} {form_factor:<8} " + " ".join(f"{k} {v}" for k, v in scores.items())
          + f"  LCP {result.lcp_ms:.0f} ms TBT {result.tbt_ms:.0f} ms CLS {result.cls:.3f}"
          + (f"  (short: {', '.join(shortfalls)})" if shortfalls else ""), flush=True)  # fmt: skip
    return result
