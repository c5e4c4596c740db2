"""featurectl app: start the Streamlit explorer (app/Home.py) on localhost.

The explorer lives in the repository's ``app/`` folder, beside the ``featurectl``
package (an editable install, ``pip install -e .``, finds it there). Set
``FEATURECTL_APP_DIR`` to use a copy elsewhere. Input folders reach the pages
through the ``FEATURECTL_APP_*`` environment variables documented in
app/lib/paths.py. The app reads files only; it never loads a model.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from ..errors import FeaturectlError
from ..rundir import CONTROL_TABLE

ENV_APP_DIR = "FEATURECTL_APP_DIR"
#: Signals that stop ``featurectl app``; each is passed on to the Streamlit server.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
#: Seconds the server gets to stop after a forwarded signal before it is killed.
STOP_GRACE_S = 10.0


def add_parser(sub) -> None:
    p = sub.add_parser(
        "app",
        help="browse runs, discovery results and feature sets in a local Streamlit app",
        description="Start the featurectl explorer (Streamlit) on localhost. It reads run directories, "
        "discovery results, feature-set YAML and control tables; it loads no model.",
    )
    p.add_argument("--runs", default="runs", help="folder of run directories (default: runs)")
    p.add_argument("--features", default="feature_sets", help="folder of feature-set YAML (default: feature_sets)")
    p.add_argument("--discovery", default="out",
                   help="a discovery result, or a folder searched for them (default: out)")
    p.add_argument("--experiment", help=f"folder with {CONTROL_TABLE} (default: searched near --runs and out/)")
    p.add_argument("--port", type=int, default=8501, help="port on localhost (default 8501; 0 picks a free one)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    p.set_defaults(func=run)


def find_app_dir() -> Path:
    """The folder holding Home.py: $FEATURECTL_APP_DIR, else ``app/`` beside the package."""
    import featurectl

    candidates = []
    if os.environ.get(ENV_APP_DIR):
        candidates.append(Path(os.environ[ENV_APP_DIR]))
    pkg = Path(featurectl.__file__).resolve().parent
    candidates += [pkg.parent / "app", pkg / "app"]
    for c in candidates:
        if (c / "Home.py").is_file():
            return c
    raise FeaturectlError(
        "the explorer (app/Home.py) was not found; looked in "
        + ", ".join(str(c) for c in candidates)
        + f". Install featurectl from a source checkout (pip install -e .) or set {ENV_APP_DIR}."
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_env(args: argparse.Namespace) -> dict[str, str]:
    """The environment for the Streamlit process: input folders as absolute paths
    (the app's working directory need not be ours)."""
    env = dict(os.environ)
    env["FEATURECTL_APP_RUNS"] = str(Path(args.runs).resolve())
    env["FEATURECTL_APP_FEATURES"] = str(Path(args.features).resolve())
    env["FEATURECTL_APP_DISCOVERY"] = str(Path(args.discovery).resolve())
    if args.experiment:
        env["FEATURECTL_APP_EXPERIMENT"] = str(Path(args.experiment).resolve())
    else:
        env.pop("FEATURECTL_APP_EXPERIMENT", None)
    return env


def streamlit_command(home: Path, port: int) -> list[str]:
    """``streamlit run`` on localhost, headless (no browser, no e-mail prompt), no
    usage statistics, no file watcher (nothing to hot-reload in normal use)."""
    return [
        sys.executable, "-m", "streamlit", "run", str(home),
        "--server.address", "localhost",
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",  # no "Deploy" button: this is a local viewer
        "--browser.serverAddress", "localhost",
        "--browser.serverPort", str(port),
    ]


def _open_when_ready(url: str, timeout: float = 30.0) -> None:
    import webbrowser

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=1) as r:
                if r.status == 200:
                    webbrowser.open(url)
                    return
        except OSError:
            time.sleep(0.2)


def supervise(proc: subprocess.Popen, grace: float = STOP_GRACE_S) -> int:
    """Wait for the Streamlit server ``proc``; pass SIGTERM, SIGINT and SIGHUP on to it.

    The server stays in our process group, so whatever stops the whole group (a terminal's
    Ctrl-C or hang-up, a supervisor's group kill) reaches it directly too; a signal sent to
    ``featurectl app`` alone reaches it through here. After the first signal the server has
    ``grace`` seconds to stop and free its port, then it is killed. Returns the server's exit
    status, or 128 + the signal number when a signal stopped us."""
    received: list[int] = []
    killers: list[threading.Timer] = []

    def forward(signum, _frame) -> None:
        received.append(signum)
        _send(proc, signum)  # a second SIGINT (terminal and us) is harmless: Streamlit's stop is idempotent
        if not killers:  # the first signal starts the grace period
            killers.append(threading.Timer(grace, _send, (proc, signal.SIGKILL)))
            killers[0].daemon = True
            killers[0].start()

    previous = {s: signal.signal(s, forward) for s in STOP_SIGNALS}
    try:
        code = proc.wait()  # the handler runs in between; wait() resumes after it (PEP 475)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        for timer in killers:
            timer.cancel()
        if proc.poll() is None:  # an exception in between: never leave the server behind
            proc.kill()
            proc.wait()
    return 128 + received[0] if received else code


def _send(proc: subprocess.Popen, signum: int) -> None:
    if proc.poll() is None:
        try:
            proc.send_signal(signum)
        except ProcessLookupError:
            pass  # exited in between


def run(args: argparse.Namespace) -> int:
    home = find_app_dir() / "Home.py"
    port = args.port or free_port()
    if not 0 < port < 65536:
        raise FeaturectlError(f"--port {args.port}: not a TCP port (1..65535, or 0 for a free one)")
    url = f"http://localhost:{port}/"
    print(f"featurectl app: {url}  (runs: {args.runs}, feature sets: {args.features}, discovery: {args.discovery})",
          flush=True)
    if not args.no_browser:
        threading.Thread(target=_open_when_ready, args=(url,), daemon=True).start()
    proc = subprocess.Popen(streamlit_command(home, port), env=app_env(args))
    return supervise(proc)
