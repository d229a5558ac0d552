"""Measurements a run can take of itself: seconds per stage, memory per process, rate over time.

A :class:`RunStats` passed to :func:`~detente.run.run` (or ``run_cluster``) is filled as the run goes:
the benchmark reads it, and the progress line uses the same clock. Nothing here is kept per article,
so a run of millions of articles holds the same few numbers as a run of ten.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["RunStats", "rss_mb", "peak_rss_mb"]

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss_mb() -> float | None:
    """Resident memory of this process now, in MB (None where /proc is not available)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE / 2**20
    except (OSError, ValueError, IndexError):
        return None


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is kB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


@dataclass
class RunStats:
    """What a run measured. ``samples`` gets one row every ``sample_every`` coded articles."""

    sample_every: int = 1000
    stage_seconds: Counter = field(default_factory=Counter)  # stage -> seconds (summed over workers)
    worker_peak_rss_mb: float = 0.0  # the largest peak resident memory any worker reported
    worker_rss_mb: float = 0.0  # the largest current resident memory a worker reported at its last batch
    driver_peak_rss_mb: float = 0.0
    samples: list[dict] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    _next_sample: int = 0

    def __post_init__(self):
        self._next_sample = self.sample_every

    def add_seconds(self, stage: str, seconds: float) -> None:
        self.stage_seconds[stage] += seconds

    def add_worker(self, stage_seconds: dict[str, float], peak: float, current: float | None) -> None:
        self.stage_seconds.update(stage_seconds)
        self.worker_peak_rss_mb = max(self.worker_peak_rss_mb, peak)
        if current is not None:
            self.worker_rss_mb = current

    def observe(self, processed: int, *, force: bool = False) -> None:
        """Record a sample when ``processed`` passed the next multiple of ``sample_every``."""
        if not force and processed < self._next_sample:
            return
        self._next_sample = (processed // self.sample_every + 1) * self.sample_every
        elapsed = time.perf_counter() - self.started
        self.driver_peak_rss_mb = peak_rss_mb()
        self.samples.append({
            "processed": processed,
            "seconds": round(elapsed, 3),
            "articles_per_s": round(processed / elapsed, 3) if elapsed > 0 else None,
            "driver_rss_mb": None if (r := rss_mb()) is None else round(r, 1),
            "worker_rss_mb": round(self.worker_rss_mb, 1) if self.worker_rss_mb else None,
        })

    def to_dict(self) -> dict:
        return {
            "stage_seconds": {k: round(v, 3) for k, v in sorted(self.stage_seconds.items())},
            "worker_peak_rss_mb": round(self.worker_peak_rss_mb, 1),
            "driver_peak_rss_mb": round(max(self.driver_peak_rss_mb, peak_rss_mb()), 1),
            "samples": list(self.samples),
        }
