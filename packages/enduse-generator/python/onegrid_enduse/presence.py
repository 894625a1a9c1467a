"""A person's day from pysimdeum's `Presence` (getting up, leaving, coming home, going to bed).

`Presence.pdf` builds the per-second water-use density with pandas (about 35 ms a call); a
household-week needs hundreds of them. `presence_minutes` is the same computation in numpy,
checked equal to the library's `pdf` by `selfcheck.py` (run by the unit tests), and it also
returns each minute's state, which drives the electricity model's active occupancy.
"""
import numpy as np

# Minute states, in the order pysimdeum's `Presence.pdf` writes them (later ones overwrite).
NORMAL, PEAK, NIGHT, AWAY, UNSET = 0, 1, 2, 3, 4


def _fill(states, value, a, b):
    # pysimdeum's `timeindexer` on a 1441-entry minute index (00:00 to 24:00 inclusive).
    if a < b:
        states[a:b] = value
    else:
        states[a:] = value
        states[0:b] = value


def presence_minutes(times, peak=0.65, normal=0.335, night=0.015, zero_absence_is_all_day=False):
    """(states[1441], per-second density[86400]) as `Presence.pdf` computes them, from (up, go,
    home, sleep) in minutes of the day (fast.draw_presence).

    One departure, unless `zero_absence_is_all_day`: when pysimdeum clips coming home to leaving
    (go == home, about 0.8% of person-days), its `timeindexer` marks the whole day away, the
    density is 0/0 and every end use of that person lands on 00:00:00. Here a zero-length
    absence is no absence."""
    states = np.full(1441, UNSET, dtype=np.int8)
    up, go, home, sleep = (t % 1440 for t in times)
    _fill(states, NORMAL, (up + 30) % 1440, (go - 30) % 1440)
    _fill(states, NORMAL, (home + 30) % 1440, (sleep - 30) % 1440)
    _fill(states, PEAK, up, (up + 30) % 1440)
    _fill(states, PEAK, (go - 30) % 1440, go)
    _fill(states, PEAK, home, (home + 30) % 1440)
    _fill(states, PEAK, (sleep - 30) % 1440, sleep)
    _fill(states, NIGHT, sleep, up)
    if go != home or zero_absence_is_all_day:
        _fill(states, AWAY, go, home)
    counts = np.bincount(states[states != UNSET], minlength=4).astype(float)
    counts[AWAY] = 0.0
    share = counts / counts.sum()
    weight = np.full(5, np.nan)
    weight[AWAY] = 0.0
    for state, w in ((PEAK, peak), (NORMAL, normal), (NIGHT, night)):
        if share[state] > 0:
            weight[state] = w / share[state]
    per_minute = weight[states]
    density = np.repeat(per_minute[:1440], 60)
    return states, density / np.sum(density)


def at_home_awake(states):
    """Minute mask of the day: at home and awake (pysimdeum's peak and normal minutes)."""
    return (states[:1440] == NORMAL) | (states[:1440] == PEAK)
