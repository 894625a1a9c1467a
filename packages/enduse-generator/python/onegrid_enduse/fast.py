"""Two of pysimdeum's helpers, redone in numpy with the same random draws in the same order.

pysimdeum builds a pandas Series for every categorical draw (`chooser`, ~4 ms) and freezes four
scipy distributions for every person and day (`Presence`, ~15 ms); over 2,000 households × 21
days that is most of an hour. These versions consume the global numpy generator exactly as the
library's do and return the same values; selfcheck.py compares them with the library's own
functions draw for draw, and the unit tests run it.
"""
import numpy as np
import pandas as pd
from pysimdeum.core import end_use, house


def chooser(data, myproperty=""):
    """pysimdeum.core.utils.chooser: one uniform draw, the first key whose cumulative share exceeds it."""
    if myproperty:
        keys = list(data.keys())
        values = np.asarray([data[k][myproperty] for k in keys], dtype=float)
    else:
        series = pd.Series(data) if not isinstance(data, pd.Series) else data
        keys = list(series.index)
        values = series.to_numpy(dtype=float)
    keep = values > 0
    keys = [k for k, kept in zip(keys, keep) if kept]
    values = values[keep]
    values = values / values.sum()
    u = np.random.uniform()
    return keys[int(np.flatnonzero(u < np.cumsum(values))[0])]


def install():
    """Puts `chooser` where pysimdeum's end uses and houses look it up."""
    end_use.chooser = chooser
    house.chooser = chooser


_PARAMS = {}


def _params(stats, key):
    # Presence.__post_init__: each diurnal entry's mu and sd, in whole minutes (rounded).
    if key not in _PARAMS:
        entries = {}
        for name, spec in stats.diurnal_pattern[key].items():
            if spec["dist"] != "norm":
                raise ValueError(f"diurnal pattern {key}.{name}: only 'norm' is supported, not {spec['dist']}")
            loc = round(pd.Timedelta(spec["mu"]).total_seconds() / 60)
            scale = round(pd.Timedelta(spec["sd"]).total_seconds() / 60)
            entries[name] = (loc, scale)
        _PARAMS[key] = entries
    return _PARAMS[key]


def draw_presence(age, weekday, stats):
    """pysimdeum's `Presence` for a person of `age`: (up, go, home, sleep) in minutes of the day."""
    p = _params(stats, age if weekday else "weekend")

    def sample(name):
        loc, scale = p[name]
        return int(np.round(np.random.standard_normal(()) * scale + loc))

    up = sample("getting_up")
    sleep = up - sample("sleep") + 1440
    go = sample("leaving_house")
    if go < up:
        go = up + 30
    home = go + sample("being_away")
    if home < go:
        home = go
    if sleep < home:
        home = sleep - 30
    return up, go, home, sleep
