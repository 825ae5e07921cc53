"""
The site in production shape, started as a real server: shared by the tests
that need one (several app servers on one database, static files) and by the
benchmarks in bench/.

Production shape means DEBUG off and collected static files, served by
gunicorn over plain HTTP on loopback, so the HTTPS switches are turned off
through their DJANGO_* variables, as .env.example documents.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# Generous: on a busy machine a worker takes a while to import Django.
STARTUP_SECONDS = 60


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(*, static_root: Path, **variables: str) -> dict[str, str]:
    """
    The environment of a production-shape server: the caller's environment
    without any DJANGO_* variable of its own, plus `variables`.
    """
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")
    }
    return env | {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "production-shape-" + "s" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SESSION_COOKIE_SECURE": "0",
        "DJANGO_CSRF_COOKIE_SECURE": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        # Test accounts log in with a password alone.
        "DJANGO_ADMIN_REQUIRE_2FA": "0",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_LOG_LEVEL": "WARNING",
        **variables,
    }


def manage(env: dict[str, str], *args: str) -> str:
    """Run a management command in its own process; returns what it printed."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


@dataclass
class Server:
    process: subprocess.Popen
    url: str

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def start_gunicorn(
    env: dict[str, str],
    *,
    workers: int = 1,
    app: str = "pusteblume_site.wsgi",
    quiet: bool = True,
) -> Server:
    """Start gunicorn on a free port and return once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app]
        + ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        + ["--threads", "1", "--log-level", "warning"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL if quiet else None,
        stderr=subprocess.DEVNULL if quiet else None,
    )
    server = Server(process, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(server.url + "/robots.txt", timeout=1).close()
            return server
        except urllib.error.HTTPError:
            return server  # it answers, if only with an error
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn ended with {process.returncode}"
                ) from None
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer at {server.url}")
