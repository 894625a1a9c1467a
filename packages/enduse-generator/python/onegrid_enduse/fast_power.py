"""richardsonpy's appliance and lighting days, event by event instead of minute by minute.

`run_application_simulation` and `run_lighting_simulation` loop over 1,440 minutes per appliance
and per bulb in Python, one `random.random()` per minute when a switch-on is possible: about a
third of the model's CPU before this module (16 of 50 ms a household-day). These functions keep
the library's state machines and its draws (the same doubles, in the same order, through
mt_stream.Stream) but find the next event with numpy: the minutes in between draw nothing that
matters but the comparisons, which are made at once.
They return the same per-minute watts; speedcheck.py compares them with the library's own
functions over many days, occupancies and dwellings, and the unit tests run it.
"""
import math

import numpy as np
from richardsonpy.classes import appliance as rp_appliance

from .mt_stream import Stream

MINUTES = 1440
_WINDOW = 96  # minutes compared per numpy call while looking for the next event
_LAUNDRY, _LEVEL, _CUSTOM = 2, 7, 8


def _supported(app):
    # The branches not ported (storage heaters' CUSTOM profile, space heaters' month factor and
    # cycle spread) are left to the library: with `prev_heat_dev` they are never installed.
    return all(app.data[i][0] == 0 or (app.data[i][8] != _CUSTOM and i not in (31, 32)) for i in range(33))


def run_appliances(occupancy, app, activity_statistics, month=1):
    """richardsonpy.classes.appliance.run_application_simulation: (33, 1440) watts."""
    if not _supported(app):
        return np.asarray(rp_appliance.run_application_simulation(occupancy, app, activity_statistics, month), dtype=float)
    occ = np.repeat(np.asarray(occupancy, dtype=np.int64), 10)[:MINUTES]
    ten = np.arange(MINUTES) // 10
    stats = np.asarray(activity_statistics, dtype=float)
    stream = Stream()
    result = np.zeros((33, MINUTES))
    try:
        for i in range(33):
            if app.data[i][0] != 0:
                result[i] = _appliance_day(i, app, occ, ten, stats, stream)
    finally:
        stream.close()
    return result


def _appliance_day(i, app, occ, ten, stats, stream):
    d = app.data[i]
    mean_length, standby, restart, profile = d[3], d[5], d[6], d[8]
    calibration = app.calib_scalar[i]
    delay = stream.random() * restart * 2
    rated = stream.gauss(d[4], d[4] / 10)
    watts = np.full(MINUTES, standby, dtype=float)
    # Off, cycle done and no restart delay: a start is drawn in these minutes, against this chance.
    can_start = np.flatnonzero((occ > 0) | (profile == _LEVEL))
    if profile < 6:
        chance = calibration * stats[(5 * occ + profile).astype(np.int64), ten + 2]
    else:
        chance = np.full(MINUTES, calibration * 1)
    # On: the cycle advances in these minutes (else it waits, at standby, for someone active).
    runs = np.flatnonzero((occ > 0) | (profile == _LEVEL) | (profile == _LAUNDRY))
    cycle_left = 0
    j = 0
    while j < MINUTES:
        if cycle_left <= 0 and delay > 0:
            # x - 1 is exact for x >= 1, so the library's minute-by-minute countdown lasts ceil(x).
            j += math.ceil(delay)
            delay = 0
        elif cycle_left <= 0:
            k = np.searchsorted(can_start, j)
            start = None
            while k < len(can_start):
                minutes = can_start[k : k + _WINDOW]
                hits = stream.ahead(len(minutes)) < chance[minutes]
                h = int(hits.argmax())
                if hits[h]:
                    stream.pos += h + 1
                    start = int(minutes[h])
                    break
                stream.pos += len(minutes)
                k += len(minutes)
            if start is None:
                break
            length = _cycle_length(mean_length, i, stream)
            watts[start] = rp_appliance.get_power_usage(length, i, standby, rated)
            cycle_left, delay = length - 1, restart
            j = start + 1
        else:
            k = np.searchsorted(runs, j)
            steps = math.ceil(cycle_left)
            on = runs[k : k + steps]
            if i in (26, 27):  # washing machines: the library's power profile by time left
                for n, minute in enumerate(on):
                    watts[minute] = rp_appliance.get_power_usage(cycle_left - n, i, standby, rated)
            else:
                watts[on] = rated
            if len(on) < steps:
                break
            cycle_left -= steps
            j = int(on[-1]) + 1
    return watts


def _cycle_length(mean_length, i, stream):
    # richardsonpy.classes.appliance.cycle_length for the appliances ported (not 31, 32).
    if i in (14, 15, 16):
        return round(70.0 * (-math.log(1 - stream.random())) ** 1.1)
    return mean_length


def run_lighting(occupancy, bulbs, irradiance, config):
    """richardsonpy.classes.lighting.run_lighting_simulation: (bulbs, 1440) watts."""
    occ = np.repeat(np.asarray(occupancy, dtype=np.int64), 10)[:MINUTES]
    stream = Stream()
    try:
        threshold = stream.gauss(config.ext_irr_threshold_mean, config.ext_irr_threshold_std_dev)
        # Irradiance at or above the threshold: a first draw decides (5%) whether it counts as low.
        bright = ~(np.asarray(irradiance)[:MINUTES] < threshold)
        effective = np.asarray(config.eff_occupancy, dtype=float)[occ]
        result = np.zeros((len(bulbs), MINUTES))
        for b, rating in enumerate(bulbs):
            weighting = config.calib_scalar * -math.log(stream.random())
            _bulb_day(result[b], rating, effective * weighting, bright, occ, config, stream)
    finally:
        stream.close()
    return result


def _bulb_day(watts, rating, chance, bright, occ, config, stream):
    # In a minute with the bulb off, the library draws once (bright: "low anyway?" at 5%; dark:
    # "switch on?"), and a second time only after a bright minute's 5%. So until the first
    # minute whose one draw is a hit, minutes and draws go one for one: one comparison finds it.
    first = np.where(bright, 0.05, chance)
    buf = stream.ahead(2 * MINUTES + 64)  # enough for most days; `ahead` again if not
    pos = 0
    t = 0
    while t < MINUTES:
        if pos + MINUTES + 4 > len(buf):
            stream.pos += pos
            buf, pos = stream.ahead(2 * MINUTES + 64), 0
        hits = buf[pos : pos + MINUTES - t] < first[t:]
        h = int(hits.argmax())
        if not hits[h]:
            pos += MINUTES - t
            break
        pos += h + 1
        t += h
        if bright[t]:
            pos += 1
            if not buf[pos - 1] < chance[t]:
                t += 1
                continue
        r1 = buf[pos]
        pos += 1
        j = 1
        while j <= 9:
            if r1 < j / 9:
                lower = config.light_event_lower_value[j - 1]
                upper = config.light_event_upper_value[j - 1]
                duration = (float(buf[pos]) * (upper - lower)) + lower
                pos += 1
                break
            j += 1
        # On for int(duration) minutes, to the end of the day or the first minute nobody is active.
        stop = min(t + int(duration), MINUTES)
        empty = occ[t:stop] == 0
        e = int(empty.argmax()) if stop > t else 0
        if stop > t and empty[e]:
            stop = t + e
        watts[t:stop] = rating
        t = stop
    stream.pos += pos
