"""Running the pipeline: the local runner, the coding contract, (later) the cluster runner."""

from ._code import analysis_record, code, code_file, code_lines
from ._local import Progress, demo_corpus_path, run
from ._pipeline import Pipeline, default_stages

__all__ = [
    "Pipeline",
    "default_stages",
    "run",
    "Progress",
    "demo_corpus_path",
    "code",
    "code_lines",
    "code_file",
    "analysis_record",
]
