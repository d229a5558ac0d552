"""PNG charts (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["dyad_chart"]


def dyad_chart(rows: list[dict], path: str | Path, *, title: str = "") -> Path:
    """Mean Goldstein per period (line) over counts of cooperative and conflictual events (bars)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    periods = [r["period"] for r in rows]
    coop = [(r["verbal_coop"] or 0) + (r["material_coop"] or 0) for r in rows]
    conf = [(r["verbal_conflict"] or 0) + (r["material_conflict"] or 0) for r in rows]
    gold = [r["mean_goldstein"] if r["mean_goldstein"] is not None else 0 for r in rows]
    fig, ax = plt.subplots(figsize=(10, 4), dpi=100)
    xs = range(len(periods))
    ax.bar([x - 0.2 for x in xs], coop, width=0.4, color="#9bd3b4", label="cooperative events")
    ax.bar([x + 0.2 for x in xs], conf, width=0.4, color="#f1a8a3", label="conflictual events")
    ax.set_ylabel("events")
    ax2 = ax.twinx()
    ax2.plot(list(xs), gold, color="#1d232a", marker="o", label="mean Goldstein")
    ax2.axhline(0, color="#999", linewidth=0.5)
    ax2.set_ylim(-10, 10)
    ax2.set_ylabel("mean Goldstein (−10 conflict … +10 cooperation)")
    step = max(1, len(periods) // 12)
    ax.set_xticks(list(xs)[::step], [p[:7] for p in periods][::step], rotation=45, ha="right")
    ax.set_title(title)
    fig.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path)
    plt.close(fig)
    return path
