"""pysimdeum's end uses for one day, with the start-time search done once per density.

Every `EndUse.simulate` of pysimdeum 1.0.1 places each use at
`argmin(|cumsum(normalize(prob_user * prob_usage)) - u|)`, recomputing the 86,400-second joint
density and its cumulative sum for every use although neither changes within the call; and
every day fills a (seconds × people × end uses × 1 × 2) float32
array, 10-20 MB, only to sum its flow plane: together some 60% of the model's CPU before this
module. `WaterDay.simulate` is each class's own method,
line for line, except that:

- the cumulative density is computed once per person (or household) and day: the same
  arrays multiplied and summed the same way give the same values;
- the nearest-value search on it (`nearest`) is a binary search that returns argmin's index;
- each (person, end use) writes its own float32 flow row, and the rows are summed in float64
  when that sum is exact in any order (`WaterDay.flow` checks it from the values written: float32
  values between 2**e_min and 2**e_max, n rows, add exactly while e_max - e_min + 24 + log2(n)
  <= 53), else through the library's own array and sum.

The draws (frequency, subtype, duration, intensity, `u`) are the library's own calls, in the
same order. speedcheck.py compares the litres with the library's methods (both sums) and the
unit tests run it.
"""
import copy
import math

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


class WaterDay:
    """One household-day of pysimdeum end uses: `simulate` each end use, then `flow()`."""

    def __init__(self, users, n_enduses):
        self.users, self.n_enduses = users, n_enduses
        self.rows = {}  # (person or household column, end use) -> float32 litres per second
        self.smallest, self.largest = math.inf, 0.0  # nonzero |value| written
        self._person = {}
        self._households = {}

    def _row(self, j, k):
        if (j, k) not in self.rows:
            self.rows[(j, k)] = np.zeros(DAY_S, dtype=np.float32)
        return self.rows[(j, k)]

    def _write(self, j, k, start, end, values):
        values = np.asarray(values, dtype=np.float32)
        row = self._row(j, k)
        row[start:end] = values
        flat = values.reshape(-1)
        written = np.abs(flat[flat != 0])
        if row[start:end].size and written.size:
            self.smallest = min(self.smallest, float(written.min()))
            self.largest = max(self.largest, float(written.max()))

    def _person_cdf(self, j, presence, usage):
        # The same arrays every end use of this person multiplies (their presence and models.py's
        # one uniform usage density): one cumulative density a day. Keyed by the Series objects.
        cached = self._person.get(j)
        if cached is None or cached[0] is not presence or cached[1] is not usage:
            cached = (presence, usage, np.cumsum(normalize(presence.values * usage.values)))
            self._person[j] = cached
        return cached[2]

    def _household(self, of_values):
        """The household's presence density as the household-level end uses build it: a deep
        copy of the first person's presence Series, plus the others' (pandas adds them), then
        `normalize` of its values (Dishwasher) or of the Series (the others). The same for every
        such end use of the day, so built once per way."""
        if of_values not in self._households:
            for j, user in enumerate(self.users):
                if j == 0:
                    prob_user = copy.deepcopy(user.presence)
                else:
                    prob_user += user.presence
            self._households[of_values] = normalize(prob_user.values) if of_values else normalize(prob_user).values
        return self._households[of_values]

    def simulate(self, enduse, k):
        kind = type(enduse)
        if issubclass(kind, (eu.Bathtub, eu.BathroomTap, eu.Shower, eu.Wc)):
            return self._per_person(enduse, k)
        if issubclass(kind, (eu.Dishwasher, eu.WashingMachine)):
            return self._pattern(enduse, k)
        if issubclass(kind, (eu.KitchenTap, eu.OutsideTap)):
            return self._household_taps(enduse, k)
        raise TypeError(f"no fast path for pysimdeum end use {kind.__name__}")

    def _place(self, c, u, duration, intensity, j, k, as_int=False):
        start = nearest(c, u)
        end = int(start + duration) if as_int else start + duration
        self._write(j, k, start, end, intensity)

    def _per_person(self, enduse, k):
        # Bathtub, BathroomTap, Shower, Wc: each person's uses on their own presence.
        usage = enduse.usage_probability()
        for j, user in enumerate(self.users):
            if isinstance(enduse, (eu.Bathtub, eu.Shower)):
                freq = enduse.fct_frequency(age=user.age)
            elif isinstance(enduse, eu.Wc):
                freq = enduse.fct_frequency(age=user.age, gender=user.gender)
            else:
                freq = enduse.fct_frequency()
            for _ in range(freq):
                if isinstance(enduse, eu.Shower):
                    duration, intensity, _temperature = enduse.fct_duration_intensity_temperature(age=user.age)
                else:
                    duration, intensity, _temperature = enduse.fct_duration_intensity_temperature()
                c = self._person_cdf(j, user.presence, usage)
                u = np.random.uniform()
                self._place(c, u, duration, intensity, j, k, isinstance(enduse, eu.BathroomTap))

    def _pattern(self, enduse, k):
        # Dishwasher, WashingMachine: a fixed flow pattern, started on the household's presence.
        prob_usage = copy.deepcopy(enduse.statistics["daily_pattern"].values)
        freq = enduse.fct_frequency(numusers=len(self.users))
        if isinstance(enduse, eu.Dishwasher):
            prob_user = self._household(of_values=True)
            pattern = enduse.fct_duration_pattern().values
        else:
            prob_user = self._household(of_values=False)
            pattern = enduse.fct_duration_pattern()
        j = len(self.users)
        c = np.cumsum(normalize(prob_user * prob_usage)) if freq > 0 else None
        duration = len(pattern)
        for _ in range(freq):
            u = np.random.random()
            start = nearest(c, u)
            end = min(start + duration, DAY_S)
            self._write(j, k, start, end, pattern[: end - start])

    def _household_taps(self, enduse, k):
        # KitchenTap (frequency by household size, its daily pattern) and OutsideTap (a frequency
        # per person, uniform over the day): uses on the household's presence.
        kitchen = isinstance(enduse, eu.KitchenTap)
        if kitchen:
            prob_usage = copy.deepcopy(enduse.statistics["daily_pattern"].values)
            prob_user = self._household(of_values=False)
            freq = enduse.fct_frequency(numusers=len(self.users))
        else:
            prob_usage = enduse.usage_probability().values
            freq = sum(enduse.fct_frequency() for _ in self.users)
            prob_user = self._household(of_values=False)
        j = len(self.users)
        c = None
        for _ in range(freq):
            duration, intensity, _temperature = enduse.fct_duration_intensity_temperature()
            if kitchen:
                u = np.random.uniform()
            if c is None:
                c = np.cumsum(normalize(prob_user * prob_usage))
            if not kitchen:
                u = np.random.uniform()
            self._place(c, u, duration, intensity, j, k)

    def exact(self):
        """Whether the rows add up exactly in float64, whatever the order (see the module doc)."""
        if not self.rows or self.largest == 0.0:
            return True
        e_min, e_max = math.frexp(self.smallest)[1], math.frexp(self.largest)[1]
        n = (len(self.users) + 1) * self.n_enduses
        return e_max - e_min + 24 + math.ceil(math.log2(max(n, 2))) <= 53

    def flow(self, library_sum=False):
        """Litres in each second, all people and end uses: pysimdeum's flow plane, summed."""
        if library_sum or not self.exact():
            consumption = np.zeros((DAY_S, len(self.users) + 1, self.n_enduses, 1, 2), dtype=np.float32)
            for (j, k), row in self.rows.items():
                consumption[:, j, k, 0, 0] = row
            return consumption[:, :, :, 0, 0].sum(axis=(1, 2), dtype=np.float64)
        total = np.zeros(DAY_S)
        for row in self.rows.values():
            total += row
        return total
