"""python -m onegrid_enduse.speedcheck [N]: the fast paths against the libraries' own functions.

For N seeds: Python's generator read through mt_stream.Stream against `random` itself; and
fast_power's appliance and lighting days, and fast_water's end uses, against richardsonpy's
`run_application_simulation` / `run_lighting_simulation` and pysimdeum's `EndUse.simulate`, on
the same dwelling, occupancy and seed. Compared: every watt or litre (bit for bit) and the
generators' state afterwards (so the draws that follow are the same too). Prints one JSON line:
how many were compared and how many differed (expected 0).
"""
import json
import random
import sys

import numpy as np
import richardsonpy.classes.appliance as rp_appliance
import richardsonpy.classes.lighting as rp_lighting

from . import fast_power, fast_water, models
from .household import Household
from .mt_stream import Stream


def _occupancy(rng, persons):
    # A day of active occupancy in 10-minute steps: asleep, out and busy spells of random length.
    steps, k = [], 0
    while k < 144:
        span = int(rng.integers(1, 30))
        level = int(rng.integers(0, persons + 1)) if rng.random() < 0.7 else 0
        steps += [level] * span
        k += span
    return steps[:144]


def _same(run_lib, run_fast, seed):
    random.seed(seed)
    np.random.seed(seed)
    random.gauss(0, 1)  # leave a gauss_next behind, as a day's earlier draws may
    lib = np.asarray(run_lib(), dtype=float)
    lib_state = (random.getstate(), np.random.get_state()[1].tobytes(), np.random.get_state()[2])
    random.seed(seed)
    np.random.seed(seed)
    random.gauss(0, 1)
    fast = np.asarray(run_fast(), dtype=float)
    fast_state = (random.getstate(), np.random.get_state()[1].tobytes(), np.random.get_state()[2])
    return lib.shape == fast.shape and lib.tobytes() == fast.tobytes() and lib_state == fast_state


def _stream_same(seed):
    random.seed(seed)
    random.gauss(0, 1)
    s = Stream()
    a = [s.random() for _ in range(5000 + seed)] + [s.gauss(1.0, 2.0) for _ in range(3)]
    s.close()
    a.append(random.random())
    random.seed(seed)
    random.gauss(0, 1)
    b = [random.random() for _ in range(5000 + seed)] + [random.gauss(1.0, 2.0) for _ in range(3)]
    b.append(random.random())
    return a == b


def _nearest_same(rng):
    # Cumulative densities with long flat runs (nobody home), a NaN one (0/0), and draws at,
    # between and beyond their values: fast_water.nearest against np.argmin's first index.
    density = rng.random(2000) * (rng.random(2000) < 0.3)
    density[int(rng.integers(2000)) :][: int(rng.integers(500))] = 0
    c = np.cumsum(density / density.sum())
    draws = np.concatenate((rng.random(200), c[rng.integers(0, len(c), 50)], [0.0, c[-1], 1.0, 1.5]))
    nan = np.full(50, np.nan)
    return all(fast_water.nearest(c, u) == int(np.argmin(np.abs(c - u))) for u in draws) and all(
        fast_water.nearest(nan, u) == int(np.argmin(np.abs(nan - u))) for u in draws[:5]
    )


def main(n):
    compared = differed = 0

    def check(ok):
        nonlocal compared, differed
        compared += 1
        differed += 0 if ok else 1

    activity = models.activity_statistics()
    for seed in range(n):
        rng = np.random.default_rng(1000 + seed)
        check(_stream_same(seed))
        check(_nearest_same(rng))
        persons = int(rng.integers(1, 6))
        random.seed(seed)
        app = models.appliances(persons)
        bulbs, config = models.lights(int(rng.integers(models.LIGHT_CONFIGS)))
        occupancy = _occupancy(rng, persons)
        stats = activity["we" if seed % 2 else "wd"]
        month = int(rng.integers(1, 13))
        check(
            _same(
                lambda: rp_appliance.run_application_simulation(occupancy, app, stats, month),
                lambda: fast_power.run_appliances(occupancy, app, stats, month),
                seed,
            )
        )
        irradiance = models.irradiance_of_day(int(rng.integers(365)))
        check(
            _same(
                lambda: rp_lighting.run_lighting_simulation(
                    vOccupancyArray=occupancy, vBulbArray=bulbs, vIrradianceArray=irradiance, light_mod_config=config
                ),
                lambda: fast_power.run_lighting(occupancy, bulbs, irradiance, config),
                seed,
            )
        )
        # A real household's end uses, on a real day's presence, library against fast.
        hh = Household(seed, seed, models.LIGHT_CONFIGS)
        densities = hh.densities(seed % 2 == 0)
        lib = lambda: hh._water(densities, reference=True)  # noqa: E731
        check(_same(lib, lambda: hh._water(densities, reference=False), seed))
        check(_same(lib, lambda: hh._water(densities, reference=False, library_sum=True), seed))
    print(json.dumps({"compared": compared, "differed": differed}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
