"""Shared helpers for the Echelon notebooks: where the outputs are, reading them, saving figures.

The notebooks read the folder that `scripts/run-scenarios.sh OUT` writes; its path comes from the
environment variable ECHELON_OUT (default ../out, relative to notebooks/). Nothing is written into
the repository: figures go to $ECHELON_OUT/figures/.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

NOTEBOOKS = Path(__file__).resolve().parent
REPO = Path(os.environ.get("ECHELON_REPO", NOTEBOOKS.parent)).resolve()


def out_dir() -> Path:
    """The outputs' base folder: $ECHELON_OUT, else ../out; fails clearly when it is missing."""
    base = Path(os.environ.get("ECHELON_OUT", NOTEBOOKS.parent / "out")).expanduser().resolve()
    if not base.is_dir():
        raise FileNotFoundError(
            f"ECHELON_OUT={base} is not a folder: run `scripts/run-scenarios.sh --short {base}` "
            "(or `make notebooks`), or point ECHELON_OUT at an existing output folder")
    return base


def need(path: Path | str) -> Path:
    """The path if the file exists, else a FileNotFoundError naming it and how to make it."""
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(
            f"missing output {p}: run `scripts/run-scenarios.sh [--short] {out_dir()}` to produce it")
    return p


def read_csv(path: Path | str, **kw) -> pd.DataFrame:
    return pd.read_csv(need(path), **kw)


def read_json(path: Path | str):
    with open(need(path), encoding="utf-8") as f:
        return json.load(f)


def kpis(folder: Path | str) -> pd.DataFrame:
    """A simulate or compare folder's kpis.json as a table indexed by KPI name: mean, half_width,
    lo, hi (the 95 % interval) and unit."""
    d = read_json(Path(folder) / "kpis.json")
    t = pd.DataFrame(d["kpis"]).set_index("name")
    t["lo"] = t["mean"] - t["half_width"].fillna(0)
    t["hi"] = t["mean"] + t["half_width"].fillna(0)
    return t


def repo_file(relative: str) -> Path:
    """A file named relative to the repository root (as scenario.json and summary.json name them)."""
    p = Path(relative)
    return need(p if p.is_absolute() else REPO / p)


def figures_dir() -> Path:
    d = out_dir() / "figures"
    d.mkdir(parents=True, exist_ok=True)
    return d


def savefig(fig, name: str) -> Path:
    """Saves a figure as $ECHELON_OUT/figures/NAME.png (never into the repository)."""
    p = figures_dir() / f"{name}.png"
    fig.savefig(p, dpi=120, bbox_inches="tight")
    return p


def pct(x: float, digits: int = 1) -> str:
    return f"{100 * x:.{digits}f} %"
