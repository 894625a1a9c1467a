"""pysimdeum's end uses for one day, with the start-time search done once per density.

Every `EndUse.simulate` of pysimdeum 1.0.1 places each use at
`argmin(|cumsum(normalize(prob_user * prob_usage)) - u|)`, recomputing the 86,400-second joint
density and its cumulative sum for every use although neither changes within the call: about
a third of the model's time. `simulate` below is each class's own method, line for line, except
that the cumulative density is computed once per person (or household) and call, and the
nearest-value search on it (`nearest`) is a binary search that returns argmin's index. The
draws (frequency, subtype, duration, intensity, `u`) are the library's own calls, in the same
order. speedcheck.py compares the litres with the library's methods and the unit tests run it.
"""
import copy

import numpy as np
from pysimdeum.core import end_use as eu
from pysimdeum.core.utils import normalize

DAY_S = 86_400


def nearest(c, u):
    """np.argmin(np.abs(c - u)) for a non-decreasing `c` (a cumulative density), without the pass.

    |c[k] - u| falls up to the first c[k] >= u and rises from there (rounding is monotone), so
    the minimum is at that index or the one before; argmin wants the first index holding it,
    which on the left is the first of a run of equal values, unless rounding makes an earlier,
    smaller value just as near: then, and for a density with NaN (0/0), the full argmin."""
    n = len(c)
    if not c[-1] == c[-1]:
        return int(np.argmin(np.abs(c - u)))
    i = int(np.searchsorted(c, u, side="left"))
    right = abs(c[i] - u) if i < n else None
    if i == 0:
        return 0
    left = abs(c[i - 1] - u)
    if right is not None and right < left:
        return i
    first = int(np.searchsorted(c, c[i - 1], side="left"))
    if first > 0 and abs(c[first - 1] - u) == left:
        return int(np.argmin(np.abs(c - u)))
    return first


def _place(consumption, c, u, duration, intensity, temperature, self, j, ind, pat, day_num, as_int=False):
    start = nearest(c, u) + DAY_S * day_num
    end = int(start + duration) if as_int else start + duration
    consumption[start:end, j, ind, pat, 0] = intensity
    temperature_fraction = (temperature - self.cold_water_temp) / (self.hot_water_temp - self.cold_water_temp)
    consumption[start:end, j, ind, pat, 1] = intensity * temperature_fraction


def _per_person(self, consumption, users, ind, pat, day_num):
    # Bathtub, BathroomTap, Shower, Wc: each person's uses on their own presence.
    prob_usage = self.usage_probability().values
    for j, user in enumerate(users):
        if isinstance(self, (eu.Bathtub, eu.Shower)):
            freq = self.fct_frequency(age=user.age)
        elif isinstance(self, eu.Wc):
            freq = self.fct_frequency(age=user.age, gender=user.gender)
        else:
            freq = self.fct_frequency()
        prob_user = user.presence.values
        c = None
        for _ in range(freq):
            if isinstance(self, eu.Shower):
                duration, intensity, temperature = self.fct_duration_intensity_temperature(age=user.age)
            else:
                duration, intensity, temperature = self.fct_duration_intensity_temperature()
            if isinstance(self, eu.Bathtub):
                temperature = self.statistics["temperature"]
            if c is None:
                c = np.cumsum(normalize(prob_user * prob_usage))
            u = np.random.uniform()
            as_int = isinstance(self, eu.BathroomTap)
            _place(consumption, c, u, duration, intensity, temperature, self, j, ind, pat, day_num, as_int)
    return consumption


def _household_sum(users):
    for j, user in enumerate(users):
        if j == 0:
            prob_user = copy.deepcopy(user.presence)
        else:
            prob_user += user.presence
    return prob_user


def _pattern(self, consumption, users, ind, pat, day_num):
    # Dishwasher, WashingMachine: a fixed flow pattern, started on the household's presence.
    prob_usage = copy.deepcopy(self.statistics["daily_pattern"].values)
    freq = self.fct_frequency(numusers=len(users))
    prob_user = _household_sum(users)
    if isinstance(self, eu.Dishwasher):
        prob_user = normalize(prob_user.values)
        pattern = self.fct_duration_pattern().values
    else:
        prob_user = normalize(prob_user).values
        pattern = self.fct_duration_pattern()
    j = len(users)
    c = np.cumsum(normalize(prob_user * prob_usage)) if freq > 0 else None
    duration = len(pattern)
    for _ in range(freq):
        u = np.random.random()
        start = nearest(c, u) + DAY_S * day_num
        end = start + duration
        if end > DAY_S * (day_num + 1):
            end = DAY_S * (day_num + 1)
        difference = end - start
        consumption[start:end, j, ind, pat, 0] = pattern[:difference]
        consumption[start:end, j, ind, pat, 1] = 0
    return consumption


def _kitchen(self, consumption, users, ind, pat, day_num):
    prob_usage = copy.deepcopy(self.statistics["daily_pattern"].values)
    prob_user = normalize(_household_sum(users)).values
    j = len(users)
    freq = self.fct_frequency(numusers=len(users))
    c = None
    for _ in range(freq):
        duration, intensity, temperature = self.fct_duration_intensity_temperature()
        u = np.random.uniform()
        if c is None:
            c = np.cumsum(normalize(prob_user * prob_usage))
        _place(consumption, c, u, duration, intensity, temperature, self, j, ind, pat, day_num)
    return consumption


def _outside(self, consumption, users, ind, pat, day_num):
    prob_usage = self.usage_probability().values
    freq = 0
    for j, user in enumerate(users):
        if j == 0:
            prob_user = copy.deepcopy(user.presence)
        else:
            prob_user += user.presence
        freq += self.fct_frequency()
    prob_user = normalize(prob_user).values
    j = len(users)
    c = None
    for _ in range(freq):
        duration, intensity, temperature = self.fct_duration_intensity_temperature()
        if c is None:
            c = np.cumsum(normalize(prob_user * prob_usage))
        u = np.random.uniform()
        _place(consumption, c, u, duration, intensity, temperature, self, j, ind, pat, day_num)
    return consumption


def simulate(enduse, consumption, users, ind_enduse, pattern_num=0, day_num=0):
    """`enduse.simulate(consumption, users=users, ind_enduse=..., pattern_num=..., day_num=...)`."""
    kind = type(enduse)
    if issubclass(kind, (eu.Bathtub, eu.BathroomTap, eu.Shower, eu.Wc)):
        return _per_person(enduse, consumption, users, ind_enduse, pattern_num, day_num)
    if issubclass(kind, (eu.Dishwasher, eu.WashingMachine)):
        return _pattern(enduse, consumption, users, ind_enduse, pattern_num, day_num)
    if issubclass(kind, eu.KitchenTap):
        return _kitchen(enduse, consumption, users, ind_enduse, pattern_num, day_num)
    if issubclass(kind, eu.OutsideTap):
        return _outside(enduse, consumption, users, ind_enduse, pattern_num, day_num)
    return enduse.simulate(consumption, users=users, ind_enduse=ind_enduse, pattern_num=pattern_num, day_num=day_num)
