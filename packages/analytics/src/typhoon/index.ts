export { type GaugeThreshold, levelSeverity, thresholdSeverity } from './alerts.ts';
export type { Assessment, WeatherPoint } from './assess.ts';
export { type Combined, combine, type Hazards } from './combine.ts';
export {
  parseTyphoonConfig,
  type TyphoonConfig,
  type TyphoonConfigInput,
  typhoonConfigSchema,
} from './config.ts';
export type { FaultReason } from './device-faults.ts';
export type { DeviceOutput, FlaggedReading } from './device-watch.ts';
export { type Disposition, type DistrictOutput, DistrictRiskModel } from './district-model.ts';
export type { DistrictRegistry } from './district-registry.ts';
export { TyphoonError, type TyphoonErrorCode } from './errors.ts';
export {
  DEFAULT_EXPOSURE_BOUNDS,
  type Exposure,
  type ExposureBounds,
  type ExposureInput,
  exposure,
} from './exposure.ts';
export type { ForecastPart, ForecastSettings } from './forecast.ts';
export {
  forecastCrossing,
  type GaugeThresholds,
  gaugeHazard,
  type LevelReading,
  levelTrend,
  type Trend,
} from './gauge.ts';
export { inRange, KIND_RATE_M_PER_H, maxStepM, plausibleRange, type RefutedReason } from './gauge-quality.ts';
export type { GaugeState } from './gauge-tracker.ts';
export { BAND, bandLevel, LEVELS, levelIndex } from './levels.ts';
export { type RainAccumulations, type RainPeriod, rainAccumulations, rainHazard } from './rain.ts';
export { type Criterion, type SignalHazard, type SignalTable, signalHazard } from './signal-scale.ts';
export {
  BEAUFORT_MS,
  beaufort,
  FLOOD_SIGNAL,
  RAIN_WINDOWS_H,
  RAINSTORM_SIGNAL,
  type RainWindow,
  TYPHOON_SIGNAL,
} from './thresholds.ts';
export { type StationWind, stationWind, windHazard } from './wind.ts';
export { type Arrival, circleArrival, type WindArrivals, windArrivals } from './wind-arrival.ts';
export type { LatLon, Quadrants, TrackPoint } from './wind-circle.ts';
export { windPlaces } from './wind-places.ts';
