"""Open every page of the featurectl explorer in headless Chromium, fail on any
Streamlit exception element, and save a screenshot per page.

    python scripts/app_screenshot.py OUT_DIR [--runs DIR] [--features DIR]
        [--discovery DIR] [--experiment DIR] [--chromium /usr/bin/chromium]

The app is started with ``featurectl app`` on a random free port (as a user would
start it), so this also measures start-up: ``start_s`` is launch -> health
endpoint answering, ``first_page_s`` launch -> the Home page rendered in the
browser. A JSON report goes to stdout and OUT_DIR/report.json; the exit status is
1 when a page shows an exception or does not render.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

# URL path of each page (Streamlit drops the "N_" prefix of pages/N_Name.py).
PAGES = [("home", ""), ("features", "Features"), ("beta_editor", "Beta_editor"), ("runs", "Runs"),
         ("samples", "Samples"), ("control", "Control")]
ERROR_SELECTOR = '[data-testid="stException"], .stException'
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited with status {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def start_app(cmd: list[str], log) -> subprocess.Popen:
    """``featurectl app`` (it runs the Streamlit server in our process group)."""
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def stop_app(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    """SIGTERM ``featurectl app`` (it stops its server, waits for it, and kills it after 10 s);
    kill it after ``timeout`` seconds. Returns once the process is reaped."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
    proc.wait()


def wait_rendered(page, timeout_ms: int) -> float:
    """Until the page's title is drawn and the script run is over (no "Running" widget),
    then a moment for plotly to lay out. Returns the monotonic time the run was over."""
    page.wait_for_selector("h1", timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"] [data-testid=\"stStatusWidgetRunningIcon\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')",
        timeout=timeout_ms,
    )
    done = time.monotonic()
    page.wait_for_timeout(800)
    return done


def fit_viewport(page) -> None:
    """Streamlit scrolls inside its main container, so a "full page" shot is one
    viewport: grow the viewport to the content's height instead."""
    h = page.evaluate("() => Math.max(...[...document.querySelectorAll("
                      "'[data-testid=\"stMain\"], [data-testid=\"stMainBlockContainer\"]')]"
                      ".map(e => e.scrollHeight), 1000)")
    page.set_viewport_size({"width": 1400, "height": min(int(h) + 80, 8000)})
    page.wait_for_timeout(500)


def shoot(page, out_dir: Path, name: str, timeout_ms: int, action) -> dict:
    """Run ``action(page)`` (navigate / interact), wait for the render, record exception
    elements and the title, save ``name``.png. Never raises: failures go in the entry."""
    entry: dict = {}
    t = time.monotonic()
    page.set_viewport_size({"width": 1400, "height": 1000})
    try:
        action(page)
        done = wait_rendered(page, timeout_ms)
        entry["render_s"] = round(done - t, 2)
        entry["rendered_at"] = done
        errors = page.locator(ERROR_SELECTOR)
        entry["exceptions"] = [errors.nth(i).inner_text()[:500] for i in range(errors.count())]
        entry["title"] = page.locator("h1").first.inner_text()
        fit_viewport(page)
    except Exception as e:  # a page that never renders is a failure, not a crash of the checker
        entry["error"] = f"{type(e).__name__}: {e}"[:500]
    shot = out_dir / f"{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    entry["screenshot"] = str(shot)
    return entry


def shoot_all(page, out_dir: Path, url: str, ms: int, report: dict, t0: float) -> None:
    """Every page, then the beta editor filled from a discovery result, into ``report["pages"]``."""
    for name, path in PAGES:
        report["pages"][name] = shoot(page, out_dir, name, ms, lambda pg, path=path: pg.goto(url + path, timeout=ms))
        if name == "home" and "rendered_at" in report["pages"][name]:
            # launch of `featurectl app` -> Home page drawn in the browser
            report["first_page_s"] = round(report["pages"][name]["rendered_at"] - t0, 2)

    def fill_editor(pg) -> None:
        # One interaction: the screenshot shows the feature table, the resulting set and its YAML.
        pg.goto(url + "Beta_editor", timeout=ms)
        wait_rendered(pg, ms)
        pg.get_by_role("tab", name="Discovery result").click()
        pg.get_by_role("button", name="Load selected features").click()
        pg.wait_for_selector('[data-testid="stCode"]', timeout=ms)

    report["pages"]["beta_editor_loaded"] = shoot(page, out_dir, "beta_editor_loaded", ms, fill_editor)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--runs", default="runs")
    ap.add_argument("--features", default="feature_sets")
    ap.add_argument("--discovery", default="out")
    ap.add_argument("--experiment")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per wait")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    args.out_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://localhost:{port}/"
    ms = int(args.timeout * 1000)
    cmd = [sys.executable, "-m", "featurectl.cli", "app", "--no-browser", "--port", str(port),
           "--runs", args.runs, "--features", args.features, "--discovery", args.discovery]
    if args.experiment:
        cmd += ["--experiment", args.experiment]
    report: dict = {"url": url, "pages": {}}
    with sync_playwright() as p, open(args.out_dir / "app.log", "w") as log:
        # The browser is up before the app starts, so the timings are the app's.
        browser = p.chromium.launch(executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.monotonic()
            proc = start_app(cmd, log)
            try:
                wait_healthy(url, proc, args.timeout)
                report["start_s"] = round(time.monotonic() - t0, 2)
                shoot_all(page, args.out_dir, url, ms, report, t0)
            finally:
                stop_app(proc)
        finally:
            browser.close()
    for e in report["pages"].values():
        e.pop("rendered_at", None)
    report["ok"] = all(not e.get("exceptions") and "error" not in e for e in report["pages"].values())
    text = json.dumps(report, indent=2)
    (args.out_dir / "report.json").write_text(text + "\n")
    print(text)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
