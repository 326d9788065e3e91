"""The bad-return corpus (tests/data/bad_returns/, written by its make_corpus.py): every file
is sent through the API and, when accepted, the worker. Each gets a 400 naming its problem or
a rejected return whose report names it; none a 5xx; nothing of it is loaded, and the version
in force before it stays in force, whole."""

import csv
import io
from pathlib import Path

import pytest

from metrics.datasets import DATASETS
from metrics.datasets.records import model_of
from metrics.models import Return
from metrics.returns.services import return_process
from tests.metrics.conftest import upload

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[2] / "data" / "bad_returns"
CASES = list(csv.DictReader(open(CORPUS / "cases.csv", newline="")))  # noqa: SIM115


def test_the_corpus_is_large_and_each_file_is_listed_once():
    files = sorted(p.name for p in (CORPUS / "files").iterdir())
    assert len(CASES) >= 40
    assert sorted(case["file"] for case in CASES) == files


def _records_of(ret: Return) -> int:
    model = model_of(DATASETS[ret.dataset])
    return model.objects.filter(source_return_id=ret.pk).count()


def _in_force(api, dataset: str, period: str) -> Return:
    content = (CORPUS / "good" / f"{dataset}.csv").read_bytes()
    response = upload(api, content, dataset=dataset, period=period)
    assert response.status_code == 202, response.content[:300]
    ret = return_process(return_id=response.json()["id"])
    assert ret.status == "loaded", ret.report
    return ret


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_a_bad_return_is_refused_by_name_and_loses_nothing(api_as, officer_a, case):
    api = api_as(officer_a)
    before = _in_force(api, case["dataset"], case["period"])
    rows_before = _records_of(before)
    content = (CORPUS / "files" / case["file"]).read_bytes()
    sent = {"dataset": case["dataset"], "period": case["period"], "kind": case["kind"]}

    dry_run = upload(api, content, path="/api/v1/returns/validate", **sent)
    response = upload(api, content, name=case["file"], **sent)

    assert response.status_code < 500 and dry_run.status_code < 500
    if case["answer"] == "400":
        assert response.status_code == 400, response.content[:300]
        assert case["names"] in str(response.json()["error"]), response.json()
        assert dry_run.status_code in (200, 400)
        assert case["names"] in dry_run.content.decode(errors="replace")
        assert Return.objects.count() == 1
    else:
        assert response.status_code == 202, response.content[:300]
        ret = return_process(return_id=response.json()["id"])
        assert ret.status == "rejected", ret.report
        assert case["names"] in ret.report["errors_by_rule"], ret.report["errors_by_rule"]
        assert ret.rows_loaded == 0 and _records_of(ret) == 0
        assert dry_run.status_code == 200 and dry_run.json()["valid"] is False
        assert case["names"] in dry_run.json()["errors_by_rule"]
        # The report reads as text, and every problem it lists says where it is.
        assert all(e["message"] for e in ret.report["errors"])
        assert "None" not in io.StringIO(str(ret.report["errors"])).read()
    before.refresh_from_db()
    assert before.status == "loaded" and _records_of(before) == rows_before
