"""onegrid's external household generator: pysimdeum (water) and richardsonpy (electricity).

The models are the published packages themselves, called per household and day; this package
only couples them (one presence timeline per person drives both), plants the truth (incidents,
travel, running taps) and writes per-quarter consumption for the TypeScript feed layer.
"""
