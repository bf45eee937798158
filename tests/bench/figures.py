"""Figures: a measured value beside a baseline measured in the same run, and its target.

Every figure carries the baseline it is compared with, because on a shared,
noisy machine an absolute time says little by itself: the ratio to the
baseline (the same work without our code, or the machine's floor for it)
holds better. A target is an upper limit (``at_most``), sometimes also a
lower one (``at_least``), and sometimes a limit on the ratio
(``ratio_at_most``, or ``ratio_at_least`` for a rate that may fall only so
far below its baseline); ``met`` says whether all of them hold.
"""

from __future__ import annotations

import gc
import math
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Figure:
    """One measured figure of one backend."""

    name: str
    title: str
    value: float
    unit: str
    baseline: float | None
    baseline_what: str
    backend: str
    n: int
    at_most: float | None = None
    at_least: float | None = None
    ratio_at_most: float | None = None
    ratio_at_least: float | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def target(self) -> str:
        """The target in words, e.g. "≤ 100 ms and ≤ 2× baseline"."""
        parts = []
        if self.at_least is not None and self.at_most is not None:
            parts.append(f"{_num(self.at_least)}–{_num(self.at_most)} {self.unit}")
        elif self.at_most is not None:
            parts.append(f"≤ {_num(self.at_most)} {self.unit}")
        elif self.at_least is not None:
            parts.append(f"≥ {_num(self.at_least)} {self.unit}")
        if self.ratio_at_most is not None:
            parts.append(f"≤ {_num(self.ratio_at_most)}× baseline")
        if self.ratio_at_least is not None:
            parts.append(f"≥ {_num(self.ratio_at_least)}× baseline")
        parts += self.detail.get("also_targets", [])
        return " and ".join(parts)

    @property
    def met(self) -> bool:
        ok = not math.isnan(self.value)
        if self.at_most is not None:
            ok = ok and self.value <= self.at_most
        if self.at_least is not None:
            ok = ok and self.value >= self.at_least
        if self.ratio_at_most is not None:
            ok = ok and self.ratio is not None and self.ratio <= self.ratio_at_most
        if self.ratio_at_least is not None:
            ok = ok and self.ratio is not None and self.ratio >= self.ratio_at_least
        return ok and all(self.detail.get("also_met", [True]))

    def as_json(self, machine: dict[str, Any]) -> dict[str, Any]:
        out = asdict(self)
        out.update(target=self.target, ratio=self.ratio, met=self.met, machine=machine, N=self.n)
        for key in ("value", "baseline", "ratio"):
            if isinstance(out[key], float) and math.isnan(out[key]):
                out[key] = None  # JSON has no NaN
        return out


def _num(value: float) -> str:
    return f"{value:g}"


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "processor": platform.processor() or platform.machine(), "load_average": load}


def runs(action: Callable[[], object], repeat: int, *, warmup: int = 1) -> list[float]:
    """Seconds each of ``repeat`` runs of ``action`` took, after ``warmup`` untimed runs."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def percentile(values: list[float], share: float) -> float:
    """The ``share`` (0..1) percentile by nearest rank; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def spread(times: list[float]) -> dict[str, float]:
    """Minimum, median and maximum in milliseconds, for the JSON detail."""
    return {"min_ms": min(times) * 1000, "median_ms": statistics.median(times) * 1000,
            "max_ms": max(times) * 1000, "runs": len(times)}
