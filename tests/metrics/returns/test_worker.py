"""A real Celery worker on Redis loads returns, and survives being killed mid-load."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from metrics.datasets import DATASETS
from metrics.datasets.records import RECORD_MODELS
from metrics.models import Return, StreetCrimeRecord
from metrics.returns.tasks import process_return
from tests.metrics.conftest import emergency_calls_file, upload

pytestmark = [
    pytest.mark.worker,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]
ROOT = Path(__file__).resolve().parents[3]
REAL = ROOT / "data" / "real" / "street_crime_2024"


@pytest.fixture
def worker(returns_dir, eager_celery):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (make test sets it)")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_QUEUE": queue,
        "RETURNS_DIR": str(returns_dir),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            queue,
            "--pool",
            "prefork",
            "--concurrency",
            "1",
            "--loglevel",
            "INFO",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    eager_celery.conf.task_always_eager = False
    eager_celery.conf.task_default_queue = queue
    yield process
    eager_celery.conf.task_default_queue = "celery"
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_for(predicate, *, timeout=90, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def status_of(return_id):
    return Return.objects.values_list("status", flat=True).get(pk=return_id)


def test_worker_loads_returns_sent_through_the_api(worker, api_as, officer_a):
    api = api_as(officer_a)
    street = (REAL / "2024-02" / "2024-02-durham-street.csv").read_bytes()
    ids = [
        upload(api, street, dataset="street_crime", period="2024-02").json()["id"],
        upload(api, emergency_calls_file()).json()["id"],
    ]
    for rid in ids:
        process_return.delay(rid)
    for rid in ids:
        wait_for(lambda rid=rid: status_of(rid) == "loaded", what=f"return {rid} to load")
    assert StreetCrimeRecord.objects.filter(source_return_id=ids[0]).count() == 5512


def test_worker_loads_generated_returns_of_every_dataset(worker, api_as, officer_a, tmp_path):
    from demo.generator import ForceInfo, write_returns

    durham = ForceInfo("durham", "Durham Constabulary", 618806)
    # April: the quarterly surveys' return is for a quarter, named by its first month.
    written = write_returns([durham], ["2024-04"], tmp_path, scale=0.05)
    assert {w.dataset for w in written} == set(DATASETS)
    api = api_as(officer_a)
    ids = {}
    for item in written:
        response = upload(api, item.path.read_bytes(), dataset=item.dataset, period="2024-04")
        assert response.status_code == 202, response.json()
        ids[item.dataset] = (response.json()["id"], item.rows)
        process_return.delay(ids[item.dataset][0])
    for dataset, (rid, rows) in ids.items():
        wait_for(lambda rid=rid: status_of(rid) in {"loaded", "rejected"}, what=dataset)
        ret = Return.objects.get(pk=rid)
        assert (ret.status, ret.rows_loaded) == ("loaded", rows), (dataset, ret.report)
        assert RECORD_MODELS[dataset].objects.filter(source_return_id=rid).count() == rows


def big_street_file(copies: int) -> tuple[bytes, int]:
    real = (REAL / "2024-01" / "2024-01-durham-street.csv").read_bytes()
    header, rows = real.split(b"\r\n", 1)
    return header + b"\r\n" + rows * copies, rows.count(b"\r\n") * copies


def test_killed_worker_redelivers_and_the_return_loads_exactly_once(worker, api_as, officer_a):
    content, n_rows = big_street_file(copies=80)  # about 460,000 rows
    rid = upload(api_as(officer_a), content, dataset="street_crime", period="2024-01").json()["id"]
    process_return.delay(rid)
    wait_for(lambda: status_of(rid) == "validating", what="the load to start")
    time.sleep(0.5)
    children = subprocess.run(
        ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True
    ).stdout.split()
    assert children, "the worker has no pool process"
    for pid in children:
        os.kill(int(pid), signal.SIGKILL)
    wait_for(
        lambda: status_of(rid) in {"loaded", "rejected"},
        timeout=180,
        what="the redelivered task to finish",
    )
    ret = Return.objects.get(pk=rid)
    assert ret.status == "loaded", ret.report
    assert ret.attempts >= 2
    assert ret.rows_loaded == n_rows
    assert StreetCrimeRecord.objects.filter(source_return_id=rid).count() == n_rows
