import re
import subprocess
import sys
import tomllib

from tests.servers import PROJECT

# The production settings README.md shows, with made-up secrets.
README_PRODUCTION = {
    "DJANGO_SECRET_KEY": "k3y-" + "x7Rq9Lm2" * 7,
    "DJANGO_ALLOWED_HOSTS": "www.example.de",
    "DJANGO_SITE_URL": "https://www.example.de",
    "DATABASE_URL": "postgres://pusteblume:geheim@127.0.0.1:5432/pusteblume",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://website:geheim@mail.example.de:587",
}


def test_check_deploy_with_the_readme_settings_reports_nothing():
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"} | README_PRODUCTION
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_readme_shows_these_settings():
    readme = (PROJECT / "README.md").read_text()
    for variable in README_PRODUCTION:
        assert f"{variable}=" in readme, variable


def _name(requirement: str) -> str:
    return (
        re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
    )


def test_every_dependency_is_pinned_with_hashes_in_the_lock_file():
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    wanted = {
        _name(requirement)
        for requirement in [
            *project["dependencies"],
            *project["optional-dependencies"]["dev"],
        ]
    }
    lock = (PROJECT / "requirements.lock").read_text()
    pinned = {
        match.group(1).lower().replace("_", "-")
        for match in re.finditer(r"^([A-Za-z0-9._-]+)==\S+ \\$", lock, re.MULTILINE)
    }
    assert wanted - pinned == set(), "run `make lock` after changing pyproject.toml"
    blocks = re.split(r"\n(?=\S)", lock.strip())
    assert all("--hash=sha256:" in block for block in blocks if "==" in block)
