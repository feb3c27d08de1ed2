"""The settings module, started the way a server starts it: in a fresh process."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_KEY = "k3Yv9-real-production-secret-key-0123456789-abcdefghijklmnop"
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": PRODUCTION_KEY,
    "DJANGO_ALLOWED_HOSTS": "askwell.example",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_python(*args, **env):
    """Run Python in the project with only `env` set (no DJANGO_* from the test run)."""
    clean_env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=clean_env | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def start_django(**env):
    return run_python("-c", "import django; django.setup(); print('started')", **env)


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    result = start_django()

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_settings_refuse_to_start_with_an_empty_secret_key():
    result = start_django(DJANGO_SECRET_KEY="")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_settings_start_with_a_real_secret_key():
    result = start_django(DJANGO_SECRET_KEY=PRODUCTION_KEY)

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_debug_is_off_unless_asked_for():
    result = run_python(
        "-c",
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
    )

    assert result.stdout.strip() == "False"


def test_a_development_machine_starts_without_a_secret_key_in_debug():
    result = start_django(DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr


def test_deploy_check_reports_no_warnings_with_production_settings():
    result = run_python(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
