"""One household over the stream: pysimdeum's people and water end uses, richardsonpy's appliances
and lights, both driven by the same presence of each person, day by day.

Coupling: each day, pysimdeum draws every person's getting up, leaving, coming home and going to
bed (`Presence`, weekday or weekend statistics). That timeline gives (a) the density pysimdeum's
end uses draw their start times from, and (b) the number of people at home and awake in each
10-minute step, which is the "active occupancy" that richardsonpy's appliance and lighting
models switch on. Not coupled: which appliance a person uses is each library's own draw (a
pysimdeum shower does not switch a richardsonpy appliance on), and richardsonpy's cycle state
starts afresh each day, as its own day loop does.
"""
import os
import random

import numpy as np
import pandas as pd
import richardsonpy.classes.appliance as rp_appliance
import richardsonpy.classes.lighting as rp_lighting
from pysimdeum.core.house import Property

from . import fast, fast_power, fast_water, models
from .presence import at_home_awake, presence_minutes

DAY_S = 86_400
COLD, LAUNDRY = 7, 2  # richardsonpy activity profiles: cold appliances, laundry
# The libraries' own day functions instead of fast_power / fast_water (same output, ~3x the CPU):
# what speedcheck.py and models.test.ts compare the fast paths with.
REFERENCE = os.environ.get("ONEGRID_ENDUSE_REFERENCE") == "1"


def population_of(house_type, ages, persons):
    """The household's population label: pysimdeum's household type and ages, in onegrid's names."""
    if house_type == "one_person":
        return {"senior": "elderly_alone", "work_ad": "single_worker"}.get(ages[0], "single_at_home")
    if house_type == "two_person":
        return "elderly_couple" if all(a == "senior" for a in ages) else "couple"
    return "large_household" if persons >= 5 else "family"


def seed_of(*parts):
    """A 32-bit seed from (seed, household, day, stream): each draw independent of chunking."""
    h = 2166136261
    for part in parts:
        for ch in str(part).encode():
            h = ((h ^ ch) * 16777619) & 0xFFFFFFFF
        h = ((h ^ 0x2F) * 16777619) & 0xFFFFFFFF
    return h


def _reseed(*parts):
    s = seed_of(*parts)
    np.random.seed(s)
    random.seed(s)


class Household:
    def __init__(self, seed, index, light_configs):
        _reseed(seed, index, "build")
        stats = models.statistics()
        house = Property(statistics=stats).built_house()
        house.populate_house()
        house.furnish_house()
        self.seed, self.index, self.house = seed, index, house
        self.users = house.users
        self.ages = [u.age for u in house.users]
        self.persons = len(house.users)
        self.population = population_of(house.house_type, self.ages, self.persons)
        self.appliances = models.appliances(self.persons)
        self.bulbs, self.light_config = models.lights(random.randrange(light_configs))
        self.held_w = 0.0  # after an incident: what was on stays on
        self.incident_minute = None  # stream minute of the onset, once placed

    def describe(self):
        return {
            "index": self.index,
            "house_type": self.house.house_type,
            "ages": self.ages,
            "persons": self.persons,
            "population": self.population,
            "appliances": [a.statistics["classname"] for a in self.house.appliances],
        }

    def day(self, day, weekend, day_of_year, month, away, incident_target):
        """Litres and watt-hours per quarter (96 each) of stream day `day`.

        `away`: minute mask of the day when everybody is out on a trip. `incident_target`: the
        stream minute from which the person living alone may fall (placed at the first minute
        at or after it when they are at home and awake), or None."""
        _reseed(self.seed, self.index, "day", day)
        stats = models.statistics()
        first_minute = day * 1440
        fallen_from = None  # minute of this day from which nobody is active
        if self.incident_minute is not None:
            fallen_from = 0
        seconds = np.zeros(DAY_S)
        awake = np.zeros((self.persons, 1440), dtype=bool)
        if fallen_from is None:
            densities = []
            for k, user in enumerate(self.users):
                states, density = presence_minutes(fast.draw_presence(user.age, not weekend, stats))
                awake[k] = at_home_awake(states) & ~away
                densities.append(density)
            if incident_target is not None and incident_target < first_minute + 1440:
                start = max(0, incident_target - first_minute)
                can = np.flatnonzero(awake.any(axis=0)[start:])
                if can.size > 0:
                    fallen_from = start + int(can[0])
                    self.incident_minute = first_minute + fallen_from
            seconds = self._water(densities)
        active = awake.sum(axis=0)
        if fallen_from is not None:
            active[fallen_from:] = 0
            seconds[60 * fallen_from :] = 0
        # Nobody home on a trip: the end uses pysimdeum placed then (from the day's presence drawn
        # before the trip was known to it) do not happen.
        seconds[np.repeat(away, 60)] = 0
        power = self._power(active, weekend, day_of_year, month, fallen_from if self.held_w == 0 else None)
        return seconds.reshape(96, 900).sum(axis=1), power

    def densities(self, weekday):
        """Each person's per-second water-use density for a day (draws their presence)."""
        stats = models.statistics()
        return [presence_minutes(fast.draw_presence(u.age, weekday, stats))[1] for u in self.users]

    def _water(self, densities, reference=REFERENCE, library_sum=False):
        """pysimdeum's end uses for one day: litres in each second."""
        users = self.users
        for user, density in zip(users, densities):
            user.presence = pd.Series(density)
        n = len(self.house.appliances)
        if not reference:
            day = fast_water.WaterDay(users, n)
            for k, appliance in enumerate(self.house.appliances):
                day.simulate(appliance, k)
            return day.flow(library_sum)
        consumption = np.zeros((DAY_S, len(users) + 1, n, 1, 2), dtype=np.float32)
        for k, appliance in enumerate(self.house.appliances):
            consumption = appliance.simulate(consumption, users=users, ind_enduse=k, pattern_num=0, day_num=0)
        flow = consumption[:, :, :, 0, 0].sum(axis=(1, 2), dtype=np.float64)
        return flow

    def _power(self, active, weekend, day_of_year, month, onset):
        """richardsonpy's appliances and lights for the day's active occupancy; Wh per quarter."""
        occupancy = [int(active[10 * k + 5]) for k in range(144)]
        if onset is not None:
            occupancy = [a if 10 * k + 5 < onset else 0 for k, a in enumerate(occupancy)]
        stats = models.activity_statistics()["we" if weekend else "wd"]
        irradiance = models.irradiance_of_day(day_of_year)
        if REFERENCE:
            per_appliance = rp_appliance.run_application_simulation(occupancy, self.appliances, stats, month)
            bulbs = rp_lighting.run_lighting_simulation(
                vOccupancyArray=occupancy,
                vBulbArray=self.bulbs,
                vIrradianceArray=irradiance,
                light_mod_config=self.light_config,
            )
        else:
            per_appliance = fast_power.run_appliances(occupancy, self.appliances, stats, month)
            bulbs = fast_power.run_lighting(occupancy, self.bulbs, irradiance, self.light_config)
        watts = np.sum(per_appliance, axis=0) + np.sum(bulbs, axis=0)
        if onset is not None and onset > 0:
            # The person fell at `onset`: appliances in use (not cold, not laundry, which runs on)
            # and lights switched on just before stay on; nothing new switches on.
            data = self.appliances.data
            on = sum(
                max(0.0, per_appliance[i][onset - 1] - data[i][5])
                for i in range(len(per_appliance))
                if data[i][7] == 1 and data[i][8] != LAUNDRY
            )
            self.held_w = on + float(np.sum(bulbs, axis=0)[onset - 1])
            watts[onset:] += self.held_w
        elif self.held_w > 0:
            watts = watts + self.held_w
        return watts.reshape(96, 15).sum(axis=1) / 60.0

