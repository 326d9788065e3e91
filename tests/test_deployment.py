"""Production settings, the compose file and the Dockerfile."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "production-secret-for-the-deploy-check-only-0123456789",
    "ALLOWED_HOSTS": "oversight.example.gov.uk",
}


def manage(*args, env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {**PRODUCTION, missing: ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_bad_boolean_setting_is_named():
    result = manage("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


def settings_with(env: dict[str, str]) -> list[str]:
    """The default database's engine, name, host and port, and whether Celery runs eagerly,
    in a process with only the given settings variables set."""
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'], settings.CELERY_TASK_ALWAYS_EAGER)"
    )
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "CELERY_TASK_ALWAYS_EAGER"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout.split()[-5:] or [result.stderr]


def test_default_settings_are_postgresql_on_this_machine_and_eager_celery():
    assert settings_with({}) == [
        "django.db.backends.postgresql", "fpo", "127.0.0.1", "5432", "True"
    ]  # fmt: skip


def test_database_url_is_used_when_set():
    url = "postgres://oversight:secret@db.example:6543/oversight"
    assert settings_with({"DATABASE_URL": url, "REDIS_URL": "redis://127.0.0.1:6379/9"}) == [
        "django.db.backends.postgresql", "oversight", "db.example", "6543", "False"
    ]  # fmt: skip


def test_no_sqlite_anywhere_in_the_settings_or_the_makefile():
    for name in ["config/settings.py", "Makefile"]:
        assert "sqlite" not in (ROOT / name).read_text().lower(), name


def _command_target(command: list[str]) -> list[str]:
    if command[:2] == ["sh", "-c"]:
        return [part.strip().split()[0:3] for part in command[2].split("&&")]
    return [command[:3]]


def test_compose_services_run_commands_that_exist():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    from celery import Celery  # noqa: F401  (the worker and beat commands need it installed)

    for name in ["web", "worker", "beat"]:
        for target in _command_target(services[name]["command"]):
            if target[0] == "python":
                assert (ROOT / target[1]).exists(), f"{name}: {target[1]} is missing"
            elif target[0] == "gunicorn":
                module, _, attr = target[1].partition(":")
                assert (ROOT / (module.replace(".", "/") + ".py")).exists()
                assert attr == "application"
            elif target[0] == "celery":
                assert target[1:3] == ["-A", "config"]
                assert (ROOT / "config" / "celery.py").exists()
            else:
                pytest.fail(f"{name}: unknown command {target}")
    assert services["web"]["build"] == "." and (ROOT / "Dockerfile").exists()
    assert services["web"]["environment"]["DEBUG"] == "false"
    assert services["web"]["environment"]["DATABASE_URL"].startswith("postgres://")


def test_dockerfile_installs_front_end_from_the_lockfile():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "npm ci" in dockerfile and "package-lock.json" in dockerfile
    assert "collectstatic" in dockerfile


def test_dockerfile_collects_static_files_as_production_serves_them():
    """With DEBUG on, collectstatic writes no manifest, and {% static %} fails with DEBUG off."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    (collect,) = [c for c in dockerfile.split("&&") if "collectstatic" in c]
    assert "DEBUG=false" in collect and "DEBUG=true" not in collect


def test_compose_keeps_stored_files_on_volumes():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    mounts = {v.split(":")[1] for v in compose["services"]["web"]["volumes"]}
    assert {"/var/lib/oversight/returns", "/var/lib/oversight/engage_documents"} <= mounts
