"""python -m onegrid_enduse --seed S --households N --days D --warmup-days W --start ISO --out DIR

Writes DIR/meta.json (households, plan, config), DIR/water.f32 and DIR/power.f32 (households ×
quarters, litres and watt-hours, float32 little-endian), then DIR/done. Households are simulated
in worker processes (--workers, default all cores); each household and day reseeds the models'
global generators from (seed, household, day), so the output does not depend on the split.
"""
import argparse
import datetime as dt
import json
import multiprocessing
import os
import sys
import time

import numpy as np


def parse(argv):
    p = argparse.ArgumentParser(prog="onegrid_enduse")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--households", type=int, default=2000)
    p.add_argument("--days", type=int, default=21)
    p.add_argument("--warmup-days", type=int, default=0)
    p.add_argument("--start", default="2026-11-02")
    p.add_argument("--plant", default="")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--out", required=True)
    a = p.parse_args(argv)
    if not (1 <= a.households <= 20_000 and 1 <= a.days <= 60 and 0 <= a.warmup_days <= 30):
        p.error("households 1-20000, days 1-60, warmup-days 0-30")
    plant = {"incident": 100.0, "travel": 300.0, "waterRunning": 30.0}
    for item in filter(None, a.plant.split(",")):
        key, _, value = item.partition("=")
        if key in plant:
            plant[key] = float(value)
    a.plant_rates = plant
    return a


def _simulate(job):
    from .household import Household
    from .models import LIGHT_CONFIGS
    from .plan import away_mask, tap_litres

    seed, indices, calendar, trips, incidents, taps = job
    n_days = len(calendar)
    water = np.zeros((len(indices), n_days * 96), dtype=np.float32)
    power = np.zeros((len(indices), n_days * 96), dtype=np.float32)
    described, onsets = [], {}
    for row, h in enumerate(indices):
        hh = Household(seed, h, LIGHT_CONFIGS)
        described.append(hh.describe())
        for day, (weekend, doy, month) in enumerate(calendar):
            away = away_mask(trips.get(h, []), day)
            w, p = hh.day(day, weekend, doy, month, away, incidents.get(h))
            if h in taps:
                w = w + tap_litres(taps[h], day)
            water[row, day * 96 : (day + 1) * 96] = w
            power[row, day * 96 : (day + 1) * 96] = p
        if hh.incident_minute is not None:
            onsets[h] = hh.incident_minute
    return indices, water, power, described, onsets


def main(argv=None):
    from .household import Household
    from .plan import make_plan

    a = parse(sys.argv[1:] if argv is None else argv)
    t0 = time.time()
    start = dt.date.fromisoformat(a.start[:10])
    first = start - dt.timedelta(days=a.warmup_days)
    total_days = a.warmup_days + a.days
    calendar = []
    for d in range(total_days):
        date = first + dt.timedelta(days=d)
        calendar.append((date.weekday() >= 5, date.timetuple().tm_yday - 1, date.month))
    # The plan needs each household's type: build them all once (cheap), then plan.
    households = [Household(a.seed, h, 1) for h in range(a.households)]
    rng = np.random.default_rng(a.seed)
    trips, incidents, taps = make_plan(rng, households, a.warmup_days, a.days, a.plant_rates)
    chunk = 25
    jobs = [
        (a.seed, list(range(i, min(i + chunk, a.households))), calendar, trips, incidents, taps)
        for i in range(0, a.households, chunk)
    ]
    os.makedirs(a.out, exist_ok=True)
    quarters = total_days * 96
    water = np.lib.format.open_memmap(os.path.join(a.out, "water.npy"), mode="w+", dtype="<f4", shape=(a.households, quarters))
    power = np.lib.format.open_memmap(os.path.join(a.out, "power.npy"), mode="w+", dtype="<f4", shape=(a.households, quarters))
    described, onsets = [None] * a.households, {}
    workers = max(1, min(a.workers, len(jobs)))
    with multiprocessing.get_context("fork").Pool(workers) if workers > 1 else _Inline() as pool:
        for done, (indices, w, p, d, o) in enumerate(pool.imap_unordered(_simulate, jobs), 1):
            water[indices[0] : indices[-1] + 1] = w
            power[indices[0] : indices[-1] + 1] = p
            for item in d:
                described[item["index"]] = item
            onsets.update(o)
            print(f"[{time.time() - t0:.0f}s] {done}/{len(jobs)} chunks", file=sys.stderr, flush=True)
    t = os.times()  # after the pool has closed: the workers' CPU is in children_*
    cpu = t.user + t.system + t.children_user + t.children_system
    water.flush()
    power.flush()
    water.tofile(os.path.join(a.out, "water.f32"))
    power.tofile(os.path.join(a.out, "power.f32"))
    os.remove(os.path.join(a.out, "water.npy"))
    os.remove(os.path.join(a.out, "power.npy"))
    meta = {
        "seed": a.seed,
        "households": a.households,
        "days": a.days,
        "warmup_days": a.warmup_days,
        "start": a.start,
        "quarters": quarters,
        "plant": a.plant_rates,
        "models": _versions(),
        "household_specs": described,
        "trips": {str(h): t for h, t in sorted(trips.items())},
        "incidents": {str(h): {"target": incidents[h], "onset": onsets.get(h)} for h in sorted(incidents)},
        "taps": {str(h): list(t) for h, t in sorted(taps.items())},
        "seconds": round(time.time() - t0, 1),
        "cpu_seconds": round(cpu, 1),
    }
    with open(os.path.join(a.out, "meta.json"), "w") as f:
        json.dump(meta, f)
    open(os.path.join(a.out, "done"), "w").close()
    print(f"{a.households} households × {total_days} days in {meta['seconds']} s", file=sys.stderr)


def _versions():
    from importlib.metadata import version

    return {p: version(p) for p in ("pysimdeum", "richardsonpy", "numpy", "pandas")}


class _Inline:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def imap_unordered(self, fn, jobs):
        return map(fn, jobs)


if __name__ == "__main__":
    main(sys.argv[1:])
