"""The cluster runner on a local two-worker Dask cluster: the same database as the local runner."""

from __future__ import annotations

import pytest
from run_snapshot import take_snapshot

from detente.config import load_settings
from detente.errors import ConfigError
from detente.run import run_cluster

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def client():
    # Processes, as on a real cluster: every worker loads its own pipeline and model.
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, host="127.0.0.1")
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.mark.slow
def test_run_cluster_same_database_as_local(tmp_path, client, demo_snapshot):
    db = tmp_path / "cluster.duckdb"
    settings = load_settings(store={"path": str(db)}, nlp={"batch_size": 16})
    report = run_cluster(None, db=db, settings=settings, client=client)
    assert report.skipped == 0, report.summary()
    assert report.processed == len(demo_snapshot["articles"])
    assert take_snapshot(db) == demo_snapshot
    # a second run finds everything stored: nothing is sent to the workers
    again = run_cluster(None, db=db, settings=settings, client=client)
    assert (again.processed, again.unchanged) == (0, report.processed)
    assert take_snapshot(db) == demo_snapshot


@pytest.mark.slow
def test_run_cluster_refuses_worker_without_model(tmp_path, client):
    settings = load_settings(store={"path": str(tmp_path / "x.duckdb")}, nlp={"model": "no_such_model_xx"})
    with pytest.raises(ConfigError) as info:
        run_cluster(None, settings=settings, client=client)
    assert info.value.code == "D206" and "no_such_model_xx" in info.value.message
