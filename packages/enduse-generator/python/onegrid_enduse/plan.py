"""Planted household conditions, drawn before any day is simulated (times in stream minutes).

- incident: a person living alone stops all activity at the first minute at or after a target
  time when they are at home and awake (placed by `Household.day`), to the end of the stream;
- travel: everybody away for 2-8 days, leaving between 07:00 and 20:00;
- running tap: a constant flow (0.08-0.9 m3/h, log-uniform) for 2 h to 3 days, home or not.
Rates are per 10k households, as the other generators take them (`--plant`).
"""
import math

import numpy as np

DAY = 1440


def how_many(rng, n, per10k):
    x = n * per10k / 10_000
    return int(math.floor(x)) + (1 if rng.random() < x - math.floor(x) else 0)


def make_plan(rng, households, warmup_days, days, plant):
    start, end = warmup_days * DAY, (warmup_days + days) * DAY
    span = end - start
    trips = {}
    for _ in range(how_many(rng, len(households), plant["travel"])):
        h = int(rng.integers(len(households)))
        first = start - 3 * DAY + int(rng.integers(span // DAY + 3)) * DAY
        leave = max(0, first + int(rng.uniform(7, 20) * 60))
        back = min(end, leave + int(rng.integers(2, 9)) * DAY + int(rng.uniform(-5, 5) * 60))
        if any(leave < t[1] + DAY and back > t[0] - DAY for t in trips.get(h, [])):
            continue
        trips.setdefault(h, []).append((leave, back))

    # Incidents: people living alone, not travelling; spread evenly over their populations
    # (round robin) so each population's recall rests on several cases.
    pools = {}
    for hh in households:
        if hh.persons == 1 and hh.index not in trips:
            pools.setdefault(hh.population, []).append(hh.index)
    order = [pools[k] for k in sorted(pools)]
    incidents = {}
    wanted = how_many(rng, len(households), plant["incident"])
    k = 0
    while wanted > 0 and any(order):
        pool = order[k % len(order)]
        k += 1
        if not pool:
            continue
        h = pool.pop(int(rng.integers(len(pool))))
        incidents[h] = start + int(rng.random() * max(0, span - 12 * 60))
        wanted -= 1

    taps = {}
    for _ in range(how_many(rng, len(households), plant["waterRunning"])):
        h = int(rng.integers(len(households)))
        if h in incidents or h in taps:
            continue
        t0 = start + int(rng.random() * max(0, span - 180))
        hours = math.exp(rng.uniform(math.log(2), math.log(72)))
        t1 = min(end, t0 + int(hours * 60))
        taps[h] = (t0, t1, math.exp(rng.uniform(math.log(0.08), math.log(0.9))))
    return trips, incidents, taps


def away_mask(trips, day):
    """Minute mask of stream day `day` when the household is away on a trip."""
    mask = np.zeros(DAY, dtype=bool)
    for leave, back in trips:
        a, b = max(leave - day * DAY, 0), min(back - day * DAY, DAY)
        if a < b:
            mask[a:b] = True
    return mask


def tap_litres(tap, day):
    """Litres a running tap adds to each quarter of stream day `day`."""
    t0, t1, m3h = tap
    minutes = np.zeros(DAY)
    a, b = max(t0 - day * DAY, 0), min(t1 - day * DAY, DAY)
    if a < b:
        minutes[a:b] = m3h * 1000 / 60
    return minutes.reshape(96, 15).sum(axis=1)
