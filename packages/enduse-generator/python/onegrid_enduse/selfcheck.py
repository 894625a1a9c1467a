"""python -m onegrid_enduse.selfcheck: the numpy shortcuts against pysimdeum's own functions.

For many seeds, draws with the library's `Presence` (and its `pdf`) and `chooser`, then with
fast.draw_presence / presence.presence_minutes / fast.chooser from the same seed, and prints one
JSON line: how many were compared and how many differed (expected 0)."""
import json
import sys

import numpy as np
import pandas as pd
from pysimdeum.core import utils
from pysimdeum.core.user import Presence, User

from . import fast, models
from .presence import presence_minutes


def main(n):
    stats = models.statistics()
    compared = differed = 0
    for seed in range(n):
        for age in ("child", "teen", "work_ad", "home_ad", "senior"):
            for weekday in (True, False):
                user = User(id="u", age=age, gender="female", job=age == "work_ad")
                np.random.seed(seed)
                lib = Presence(weekday=weekday, user=user, stats=stats)
                lib_pdf = lib.pdf().to_numpy()
                np.random.seed(seed)
                times = fast.draw_presence(user.age, weekday, stats)
                _, density = presence_minutes(times, zero_absence_is_all_day=True)
                lib_times = tuple(int(t.total_seconds() // 60) for t in (lib.up, lib.go, lib.home, lib.sleep))
                same = lib_times == times and np.allclose(lib_pdf, density, rtol=1e-9, atol=0, equal_nan=True)
                compared += 1
                differed += 0 if same else 1
        data = {k: float(v) for k, v in zip("abcde", np.random.default_rng(seed).integers(0, 5, 5))}
        if sum(data.values()) > 0:
            np.random.seed(seed)
            lib_choice = utils.chooser(pd.Series(data))
            np.random.seed(seed)
            compared += 1
            differed += 0 if fast.chooser(data) == lib_choice else 1
    print(json.dumps({"compared": compared, "differed": differed}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
