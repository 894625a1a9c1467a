/** A gauge's registry record, as `gauges_current` holds it. */
export interface GaugeInfo {
  readonly gauge_id: string;
  readonly name: string;
  readonly district: string;
  readonly kind: string;
  readonly lat: number;
  readonly lon: number;
  readonly warning_level_m: number;
  readonly guarantee_level_m: number;
}

/**
 * Every registered gauge with its thresholds: the one query the gauges channel, its push seed,
 * the levels route and the registry route read them with (append a WHERE or ORDER BY).
 */
export const GAUGES_SQL =
  'SELECT gauge_id, name, district, kind, lat, lon, warning_level_m, guarantee_level_m FROM gauges_current';
