import type {
  Evacuation,
  MeterReading,
  ResourceStatus,
  TicketEvent,
  WaterLevel,
  WeatherObservation,
} from '@onegrid/contracts';

// One function per input topic: a decoded message (contract type) to a row with the raw
// table's exact column names. Times stay the message's ISO-8601 text (see ROW_INSERT_SETTINGS);
// `ingested_at` is left to the table default. A field the message leaves out becomes '' for a
// text column and null for a number, as the data dictionary says.

/** city.sensor.meter-readings → meter_readings. `unit` is implied by `kind` and not stored. */
export function meterReadingRow(m: MeterReading) {
  return {
    meter_id: m.meter_id,
    household_id: m.household_id,
    kind: m.kind,
    ts: m.ts,
    reading: m.reading,
    reset: m.reset === true,
  };
}

/** city.weather.observations → weather_observations. */
export function weatherObservationRow(o: WeatherObservation) {
  return {
    station_id: o.station_id,
    ts: o.ts,
    period_s: o.period_s,
    wind_speed_ms: o.wind_speed_ms ?? null,
    wind_gust_ms: o.wind_gust_ms ?? null,
    wind_dir_deg: o.wind_dir_deg ?? null,
    rain_mm: o.rain_mm ?? null,
    pressure_hpa: o.pressure_hpa ?? null,
    temp_c: o.temp_c ?? null,
  };
}

/** city.hydro.water-levels → water_levels. */
export function waterLevelRow(w: WaterLevel) {
  return { gauge_id: w.gauge_id, ts: w.ts, level_m: w.level_m };
}

/** city.tickets.events → ticket_events. Only `reported` carries location and classification. */
export function ticketEventRow(e: TicketEvent) {
  const reported = e.event === 'reported' ? e : undefined;
  return {
    ticket_id: e.ticket_id,
    event: e.event,
    ts: e.ts,
    district: reported?.district ?? '',
    street: reported?.street ?? '',
    category: reported?.category ?? '',
    source: reported?.source ?? '',
    priority: reported?.priority ?? '',
    department:
      e.event === 'dispatched' || e.event === 'arrived' || e.event === 'resolved' ? e.department : '',
    departments: e.event === 'whistle' ? e.departments : [],
    satisfaction: e.event === 'rated' ? e.satisfaction : null,
    lat: reported?.lat ?? null,
    lon: reported?.lon ?? null,
  };
}

/** city.emergency.evacuations → evacuation_events. */
export function evacuationRow(e: Evacuation) {
  return {
    event_id: e.event_id,
    ts: e.ts,
    shelter_id: e.shelter_id,
    district: e.district,
    action: e.action,
    people: e.people,
  };
}

/** city.emergency.resources → resource_events. */
export function resourceEventRow(r: ResourceStatus) {
  return {
    resource_id: r.resource_id,
    ts: r.ts,
    type: r.type,
    status: r.status,
    district: r.district,
    quantity: r.quantity,
  };
}

export type MeterReadingRow = ReturnType<typeof meterReadingRow>;
export type WeatherObservationRow = ReturnType<typeof weatherObservationRow>;
export type WaterLevelRow = ReturnType<typeof waterLevelRow>;
export type TicketEventRow = ReturnType<typeof ticketEventRow>;
export type EvacuationRow = ReturnType<typeof evacuationRow>;
export type ResourceEventRow = ReturnType<typeof resourceEventRow>;
