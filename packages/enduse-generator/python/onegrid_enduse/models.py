"""The published models, loaded once per process: pysimdeum's Dutch statistics and end uses, and
richardsonpy's appliance, lighting and activity data (the CREST tool's)."""
import functools
import os
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore", category=FutureWarning)

import richardsonpy  # noqa: E402
import richardsonpy.classes.appliance as rp_appliance  # noqa: E402
import richardsonpy.classes.lighting as rp_lighting  # noqa: E402
import richardsonpy.functions.load_radiation as rp_radiation  # noqa: E402
from pysimdeum.core import end_use  # noqa: E402
from pysimdeum.core.statistics import Statistics  # noqa: E402

from . import fast  # noqa: E402

RP_INPUTS = os.path.join(os.path.dirname(richardsonpy.__file__), "inputs")

# richardsonpy's reference demand for flats (its "MFH" table), kWh a year by occupants.
FLAT_KWH = {1: 1500, 2: 2200, 3: 3000, 4: 3400, 5: 4100}


@functools.lru_cache(maxsize=1)
def _uniform_usage():
    # `EndUse.usage_probability` rebuilds this same uniform density (a pandas timedelta index of
    # 86,400 s) on every call; the end uses only read `.values`, so one shared copy is identical.
    index = pd.timedelta_range(start="00:00:00", end="24:00:00", freq="1s", closed="left")
    prob = pd.Series(data=1, index=index)
    return prob / prob.sum()


end_use.EndUse.usage_probability = staticmethod(lambda time_resolution="1s": _uniform_usage())
fast.install()


@functools.lru_cache(maxsize=1)
def statistics():
    return Statistics()


@functools.lru_cache(maxsize=1)
def activity_statistics():
    folder = os.path.join(RP_INPUTS, "constants")
    return {
        we: np.loadtxt(os.path.join(folder, f"ActiveAppliances_{we}.csv"), delimiter=";").tolist()
        for we in ("wd", "we")
    }


@functools.lru_cache(maxsize=1)
def irradiance_by_hour():
    """Direct + diffuse irradiance (W/m2), hourly over a year: richardsonpy's TRY 2010 file."""
    direct, diffuse = rp_radiation.get_rad_from_try_path()
    return np.asarray(direct) + np.asarray(diffuse)


def irradiance_of_day(day_of_year):
    """Minute irradiance of a day (0-based day of year), interpolated as richardsonpy does."""
    hours = irradiance_by_hour()[24 * day_of_year : 24 * (day_of_year + 1)]
    return np.interp(np.arange(1440), 60 * np.arange(24), hours)


def appliances(persons):
    """A flat's appliance set (UK ownership shares), calibrated to its occupants' annual demand.

    Electric water and space heating are left out (`prev_heat_dev`): the CREST tool would switch an
    electric shower on from its own activity statistics, not from pysimdeum's showers, and a
    9 kW load uncoupled from the water meter would be noise, not a person."""
    path = os.path.join(RP_INPUTS, "Appliances.csv")
    return rp_appliance.Appliances(
        path, annual_consumption=0.91 * FLAT_KWH[min(persons, 5)], randomize_appliances=True, prev_heat_dev=True
    )


LIGHT_CONFIGS = 100  # rows of richardsonpy's LightBulbs.csv: one bulb set per dwelling


def lights(index):
    """Bulb set `index` of richardsonpy's sample dwellings, and the lighting model's constants."""
    bulbs = rp_lighting.load_lighting_profile(filename=os.path.join(RP_INPUTS, "LightBulbs.csv"), index=index)
    return bulbs, rp_lighting.LightingModelConfiguration()
