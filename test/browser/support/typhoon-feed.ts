import type { ChannelValue, LiveState } from '@onegrid/server';
import {
  ADVISORY_DELAY,
  advisoryAt,
  advisoryTimes,
  buildCity,
  createRng,
  createScenario,
  isoCst,
} from '@onegrid/simulator';

/*
 * A data source for the screens' browser tests and benchmark: channel values for the
 * simulator's Shanghai as a typhoon crosses it, published straight into the server's hub.
 * It stands where the processors will stand (Kafka → processors → store → hub); the lead
 * swaps it for the full pipeline once processors land: the tests take any `FeedSource`.
 * Values follow the simulator's city (districts, gauges, shelters, resources, grids) and
 * storm track; the physics is deliberately simple: it is a display feed, not the model.
 */

export interface FeedSource {
  /** Publishes the state at scenario time `t` (epoch ms) into the hub. */
  publish(live: LiveState, t: number): void;
  readonly start: number;
  readonly landfall: number;
  readonly end: number;
}

const HOUR = 3_600_000;

/** Great-circle-ish distance in km, good enough at Shanghai's latitude. */
function km(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dy = (lat2 - lat1) * 111;
  const dx = (lon2 - lon1) * 111 * Math.cos((lat1 * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;
const levelOf = (score: number): ChannelValue<'risk'>['level'] =>
  score >= 80 ? 'red' : score >= 60 ? 'orange' : score >= 40 ? 'yellow' : score >= 20 ? 'blue' : 'none';

/**
 * `advisories`: also publish the storm's latest typhoon advisory (observed track, forecast, wind
 * radii) as the optional advisory feed would, so the map draws its whole storm layer.
 */
export function createTyphoonFeed(
  options: { seed?: number; households?: number; advisories?: boolean } = {},
): FeedSource {
  const seed = options.seed ?? 42;
  const scenario = createScenario({ seed, households: options.households ?? 10_000, hours: 48 });
  const city = buildCity({ seed, households: options.households ?? 10_000 });
  const { track } = scenario;
  const start = scenario.start;
  const landfall = scenario.landfall;
  const grids = city.grids.slice(0, 400);
  // The advisories published by scenario time t (observed at least ADVISORY_DELAY before it).
  // Generated once (a few dozen), not on every publish: the bench's Node side shares the cores.
  let issued: { at: number; a: ReturnType<typeof advisoryAt>['advisory'] }[] | undefined;
  const advisory = (t: number): Record<string, ChannelValue<'storm'>> => {
    if (issued === undefined) {
      const rng = createRng(seed, 'feed:advisories');
      issued = advisoryTimes(scenario.streamStart, scenario.end, landfall).map((at) => ({
        at,
        a: advisoryAt(track, at, rng).advisory,
      }));
    }
    const all = issued.filter(({ at }) => at + ADVISORY_DELAY <= t);
    const last = all.at(-1);
    if (last === undefined) return {};
    const a = last.a;
    return {
      [`advisory:${a.storm_id}`]: {
        storm_id: a.storm_id,
        name_zh: a.name_zh ?? '',
        category: a.category ?? '',
        ts: a.ts,
        lat: a.lat,
        lon: a.lon,
        pressure_hpa: a.pressure_hpa ?? null,
        max_wind_ms: a.max_wind_ms ?? null,
        move_dir_deg: a.move_dir_deg ?? null,
        move_speed_kmh: a.move_speed_kmh ?? null,
        radii_km: a.radii_km ?? {},
        observed: all.map(({ a: o }) => ({
          ts: o.ts,
          lat: o.lat,
          lon: o.lon,
          pressure_hpa: o.pressure_hpa ?? null,
        })),
        forecast: a.forecast.map((f) => ({
          ts: f.ts,
          lead_h: (Date.parse(f.ts) - last.at) / HOUR,
          lat: f.lat,
          lon: f.lon,
          pressure_hpa: f.pressure_hpa ?? null,
          max_wind_ms: f.max_wind_ms ?? null,
        })),
      },
    };
  };

  // Storm intensity 0..1 at a district: peaks when the eye passes close.
  const hazard = (t: number, lat: number, lon: number) => {
    const s = track.at(t);
    const d = km(lat, lon, s.lat, s.lon);
    const deficit = Math.max(0, track.ambientHpa - s.pressureHpa) / 60;
    return {
      wind: Math.min(1, deficit * Math.exp(-d / 180)),
      rain: Math.min(1, deficit * Math.exp(-d / 260)),
      storm: s,
    };
  };
  const levelAt = (g: (typeof city.gauges)[number], t: number): number => {
    const h = hazard(t, g.lat, g.lon);
    const tide = Math.sin((2 * Math.PI * (t - start)) / (12.42 * HOUR));
    const base = g.warning_level_m * 0.72;
    const amp = g.warning_level_m * 0.1;
    const surge = (g.guarantee_level_m - base) * 1.05 * (h.wind * 0.7 + h.rain * 0.6);
    return round(Math.max(0, base + amp * tide + surge), 3);
  };

  return {
    start,
    landfall,
    end: scenario.end,
    publish(live, t) {
      const asOf = isoCst(t);
      const progress = Math.max(0, Math.min(1, (t - (landfall - 20 * HOUR)) / (30 * HOUR)));
      const rng = createRng(seed, `screens:${Math.floor(t / 60_000)}`);

      const risk: Record<string, ChannelValue<'risk'>> = {};
      const weather: Record<string, ChannelValue<'weather'>> = {};
      for (const d of city.districts) {
        const [lon, lat] = d.center as [number, number];
        const h = hazard(t, lat, lon);
        const exposure = Math.min(1, 0.3 + (d.households / city.households.count) * 4);
        const water = Math.min(1, h.rain * 0.9);
        const score = round(
          Math.min(100, 100 * (0.4 * h.wind + 0.3 * h.rain + 0.2 * water + 0.1 * exposure)),
          1,
        );
        risk[d.code] = {
          district: d.code,
          name: d.name,
          ts: asOf,
          score,
          level: levelOf(score),
          components: {
            wind: round(h.wind),
            rain: round(h.rain),
            water: round(water),
            exposure: round(exposure),
          },
        };
        const wind = round(2 + 32 * h.wind + rng.next() * 1.5, 1);
        weather[d.code] = {
          district: d.code,
          name: d.name,
          ts: asOf,
          wind_speed_ms: wind,
          wind_gust_ms: round(wind * (1.3 + rng.next() * 0.25), 1),
          rain_1h_mm: round(45 * h.rain * (0.6 + rng.next() * 0.5), 1),
          rain_24h_mm: round(260 * h.rain * progress + 5, 0),
          pressure_hpa: round(h.storm.pressureHpa + 25 * (1 - h.wind), 1),
        };
      }
      live.publish('risk', { upserts: risk, asOf });
      live.publish('weather', { upserts: weather, asOf });

      const points: Extract<ChannelValue<'storm'>, { points: unknown }>['points'] = [];
      for (let p = start; p <= t; p += 2 * HOUR) {
        const s = track.at(p);
        points.push({
          ts: isoCst(p),
          lat: round(s.lat, 3),
          lon: round(s.lon, 3),
          pressure_hpa: round(s.pressureHpa, 1),
        });
      }
      live.publish('storm', {
        upserts: { track: { points }, ...(options.advisories ? advisory(t) : {}) },
        asOf,
      });

      const gauges: Record<string, ChannelValue<'gauges'>> = {};
      const alerts: Record<string, ChannelValue<'alerts'>> = {};
      for (const g of city.gauges) {
        const recent: [number, number][] = [];
        const step = 10 * 60_000;
        for (let p = Math.floor((t - 12 * HOUR) / step) * step; p <= t; p += step)
          recent.push([p, levelAt(g, p)]);
        const level = levelAt(g, t);
        const rise = round(level - levelAt(g, t - HOUR), 3);
        const status =
          level >= g.guarantee_level_m ? 'guarantee' : level >= g.warning_level_m ? 'warning' : 'normal';
        const eta = (threshold: number) =>
          rise > 0 && level < threshold && (threshold - level) / rise < 12
            ? isoCst(t + ((threshold - level) / rise) * HOUR)
            : null;
        gauges[g.gauge_id] = {
          gauge_id: g.gauge_id,
          name: g.name,
          district: g.district,
          kind: g.kind,
          lat: g.lat,
          lon: g.lon,
          ts: asOf,
          level_m: level,
          warning_level_m: g.warning_level_m,
          guarantee_level_m: g.guarantee_level_m,
          rise_m_per_h: rise,
          forecast_warning_at: eta(g.warning_level_m),
          forecast_guarantee_at: eta(g.guarantee_level_m),
          status,
          recent,
        };
        if (status !== 'normal') {
          alerts[`WL:${g.gauge_id}`] = {
            alert_id: `WL:${g.gauge_id}`,
            type: 'water_level',
            severity: status === 'guarantee' ? 'critical' : 'warning',
            status: 'open',
            subject: g.gauge_id,
            district: g.district,
            since: asOf,
            detected_at: asOf,
            evidence: {
              level_m: level,
              threshold_m: status === 'guarantee' ? g.guarantee_level_m : g.warning_level_m,
            },
          };
        }
      }
      live.publish('gauges', { upserts: gauges, asOf });

      // Household alerts: grid and grid worker only (the contract's Alert has no person in it).
      const householdAlerts = Math.floor(progress * 24);
      for (let i = 0; i < householdAlerts; i++) {
        const grid = grids[(i * 37) % grids.length];
        if (grid === undefined) continue;
        const type = i % 3 === 0 ? 'utility_inactivity' : i % 3 === 1 ? 'water_running' : 'meter_offline';
        const since = start + (i + 1) * 1.5 * HOUR;
        alerts[`HA-${i}`] = {
          alert_id: `HA-${i}`,
          type,
          severity:
            type === 'utility_inactivity' ? 'critical' : type === 'water_running' ? 'warning' : 'info',
          status: 'open',
          subject: `HH-${String(grid.index * 400 + 1).padStart(8, '0')}`,
          district: grid.community.street.district.code,
          grid: grid.id,
          since: isoCst(since),
          detected_at: isoCst(Math.min(t, since + 6 * HOUR)),
          evidence: { grid_worker: grid.worker },
        };
      }
      for (const r of Object.values(risk)) {
        if (r.level === 'orange' || r.level === 'red') {
          alerts[`TR:${r.district}`] = {
            alert_id: `TR:${r.district}`,
            type: 'typhoon_risk',
            severity: 'critical',
            status: 'open',
            subject: r.district,
            district: r.district,
            since: asOf,
            detected_at: asOf,
            evidence: { level: r.level, score: r.score },
          };
        }
      }
      live.replace('alerts', alerts, asOf);

      let totalTransferred = 0;
      let totalIn = 0;
      let totalCap = 0;
      const evacuation: Record<string, ChannelValue<'evacuation'>> = {};
      const byDistrict = new Map<string, { transferred: number; in_shelters: number; capacity: number }>();
      for (const s of city.shelters) {
        const fill = Math.min(1, progress * (0.6 + ((s.capacity * 7919) % 97) / 100));
        const occupancy = Math.round(s.capacity * fill);
        evacuation[`shelter:${s.shelter_id}`] = { ...s, occupancy };
        const d = byDistrict.get(s.district) ?? { transferred: 0, in_shelters: 0, capacity: 0 };
        d.in_shelters += occupancy;
        d.capacity += s.capacity;
        d.transferred += Math.round(occupancy * 1.12);
        byDistrict.set(s.district, d);
      }
      for (const [code, d] of byDistrict) {
        evacuation[code] = { ...d, free: d.capacity - d.in_shelters };
        totalTransferred += d.transferred;
        totalIn += d.in_shelters;
        totalCap += d.capacity;
      }
      evacuation.total = {
        transferred: totalTransferred,
        in_shelters: totalIn,
        capacity: totalCap,
        free: totalCap - totalIn,
      };
      live.publish('evacuation', { upserts: evacuation, asOf });

      const resources: Record<string, ChannelValue<'resources'>> = {};
      for (const r of city.resources) {
        const entry = resources[r.type] ?? {
          type: r.type,
          by_status: { available: 0, dispatched: 0, on_site: 0, returning: 0, out_of_service: 0 },
        };
        const u =
          ((r.resource_id.length * 131 + r.quantity * 17 + Number(r.resource_id.replace(/\D/g, '')) * 7) %
            100) /
          100;
        const out = progress * 0.85;
        const state =
          u < out * 0.45
            ? 'on_site'
            : u < out * 0.75
              ? 'dispatched'
              : u < out
                ? 'returning'
                : u > 0.97
                  ? 'out_of_service'
                  : 'available';
        entry.by_status[state] += r.quantity;
        resources[r.type] = entry;
      }
      live.publish('resources', { upserts: resources, asOf });

      const tickets: Record<string, ChannelValue<'tickets'>> = {};
      let all = { reported: 0, open: 0, resolved: 0, overdue: 0 };
      for (const d of city.districts) {
        const reported = Math.round(d.households / 120 + progress * (d.households / 25));
        const resolved = Math.round(reported * (0.55 + 0.3 * (1 - progress)));
        const overdue = Math.round((reported - resolved) * 0.15 * progress);
        tickets[d.code] = {
          reported,
          open: reported - resolved,
          resolved,
          overdue,
          p50_response_s: round(900 + 2400 * progress, 0),
          p90_response_s: round(3600 + 9000 * progress, 0),
          on_time_rate: round(0.96 - 0.2 * progress, 3),
          satisfaction_rate: round(0.93 - 0.12 * progress, 3),
          window: '24h',
        };
        all = {
          reported: all.reported + reported,
          open: all.open + reported - resolved,
          resolved: all.resolved + resolved,
          overdue: all.overdue + overdue,
        };
      }
      tickets.all = {
        ...all,
        p50_response_s: round(900 + 2400 * progress, 0),
        p90_response_s: round(3600 + 9000 * progress, 0),
        on_time_rate: round(0.96 - 0.2 * progress, 3),
        satisfaction_rate: round(0.93 - 0.12 * progress, 3),
        window: '24h',
      };
      live.publish('tickets', { upserts: tickets, asOf });
    },
  };
}
