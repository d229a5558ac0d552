"""Running the pipeline: the local runner, the cluster runner, the coding contract.

* :func:`run` codes files into the store on this machine (``workers`` processes).
* :func:`run_cluster` does the same with the coding spread over a Dask cluster; the database stays
  with the caller (the driver), which writes what the workers send back.
* :func:`rebuild_stories` adds the articles in no story yet to the stored stories (``full=True``:
  re-clusters everything).
* :class:`RunStats` collects seconds per stage, memory and rate; :func:`count_records` counts input.
"""

from ._cluster import run_cluster
from ._code import analysis_record, code, code_file, code_lines
from ._count import count_records
from ._local import Progress, demo_corpus_path, run
from ._pipeline import Pipeline, default_stages
from ._stats import RunStats
from ._stories import rebuild_stories

__all__ = [
    "Pipeline",
    "default_stages",
    "run",
    "run_cluster",
    "rebuild_stories",
    "RunStats",
    "count_records",
    "Progress",
    "demo_corpus_path",
    "code",
    "code_lines",
    "code_file",
    "analysis_record",
]
