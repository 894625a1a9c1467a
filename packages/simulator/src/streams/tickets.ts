/**
 * Citizen service tickets: a Poisson stream per district and category whose rate follows the
 * weather at the district (see ticket-catalog.ts), each ticket's whole lifecycle planned on
 * report (ticket-lifecycle.ts) and its events sent as their times come. The truth sink hears of
 * every ticket once, with all its stage times.
 */
import { isoCstSeconds, type TicketEvent, TOPICS } from '@onegrid/contracts';
import { pad } from '../city/allocate.ts';
import type { City } from '../city/city.ts';
import type { District } from '../city/divisions.ts';
import type { Feed } from '../feed/feed.ts';
import { jitterInside, round5 } from '../geo/polygon.ts';
import { poisson, type Rng } from '../rng.ts';
import { rainRateAt } from '../storm/rain.ts';
import type { StormTrack } from '../storm/track.ts';
import { windAt } from '../storm/wind.ts';
import { cstDateCompact, HOUR } from '../time.ts';
import type { TicketTruth, TruthSink } from '../truth/truth.ts';
import { CATEGORIES, categoryRate, PRIORITIES } from './ticket-catalog.ts';
import { planLifecycle, type Stage } from './ticket-lifecycle.ts';

const TOPIC = TOPICS.ticketEvents;
const SOURCES = ['app', 'hotline', 'grid_worker', 'ai_video', 'sensor'] as const;
const SOURCE_WEIGHTS = [0.35, 0.42, 0.15, 0.05, 0.03];

export class TicketStream {
  readonly #city: City;
  readonly #track: StormTrack;
  readonly #rng: Rng;
  readonly #perDay = new Map<string, number>();
  readonly #rateScale: number;
  readonly #truth: TruthSink;
  count = 0;

  constructor(city: City, track: StormTrack, rateScale: number, truth: TruthSink, rng: Rng) {
    this.#city = city;
    this.#track = track;
    this.#rateScale = rateScale;
    this.#truth = truth;
    this.#rng = rng;
  }

  /** Tickets reported in [from, to). */
  advance(from: number, to: number, feed: Feed): void {
    const storm = this.#track.at((from + to) / 2);
    const hours = (to - from) / HOUR;
    // The more tickets in flight, the slower everyone works: load from the city-wide rate.
    let cityRate = 0;
    const perDistrict = this.#city.districts.map((d) => {
      const wind = windAt(storm, this.#track.ambientHpa, d.center[0], d.center[1], d.coastal);
      const rain = rainRateAt(storm, this.#track.ambientHpa, wind);
      const rates = CATEGORIES.map(
        (c) => categoryRate(c, rain, wind.speedMs, d.exposure) * (d.households / 10_000) * this.#rateScale,
      );
      for (const r of rates) cityRate += r;
      return rates;
    });
    const calm =
      CATEGORIES.reduce((s, c) => s + c.calm, 0) * (this.#city.households.count / 10_000) * this.#rateScale;
    const load = Math.min(3, Math.max(1, Math.sqrt(cityRate / Math.max(calm, 1e-9))));
    this.#city.districts.forEach((district, d) => {
      (perDistrict[d] as number[]).forEach((rate, c) => {
        const n = poisson(this.#rng, rate * hours);
        for (let k = 0; k < n; k++) {
          const t0 = Math.floor(this.#rng.range(from, to) / 1000) * 1000;
          this.#report(district, c, t0, load, feed);
        }
      });
    });
  }

  #report(district: District, c: number, t0: number, load: number, feed: Feed): void {
    const rng = this.#rng;
    const category = CATEGORIES[c] as (typeof CATEGORIES)[number];
    const streets = this.#city.streets.filter((s) => s.district === district);
    const street = rng.pick(streets);
    const [lon, lat] = jitterInside(district.shape, street.center, 1.5, rng);
    const priority = PRIORITIES[rng.weighted(category.priority)] as (typeof PRIORITIES)[number];
    const source =
      category.name === 'waterlogging' && rng.chance(0.25)
        ? rng.pick(['sensor', 'ai_video'] as const)
        : SOURCES[rng.weighted(SOURCE_WEIGHTS)];
    const day = cstDateCompact(t0);
    const seq = (this.#perDay.get(day) ?? 0) + 1;
    this.#perDay.set(day, seq);
    const ticketId = `T-${day}-${pad(seq, 6)}`;
    const stages = planLifecycle(t0, category, priority, load, rng);
    this.count++;
    for (const stage of stages) {
      const event = toEvent(ticketId, stage, {
        district: district.code,
        street: street.code,
        category: category.name,
        source: source ?? 'app',
        priority,
        lat: round5(lat),
        lon: round5(lon),
      });
      // The hotline desk keys in a call a little after it ends; app and sensor reports are instant.
      const delay = 500 + rng.next() * (source === 'hotline' ? 60_000 : 5_000);
      feed.send(TOPIC, ticketId, JSON.stringify(event), stage.t + delay);
    }
    const truth: TicketTruth = {
      type: 'ticket',
      ticket_id: ticketId,
      category: category.name,
      priority,
      source: source ?? 'app',
      district: district.code,
      street: street.code,
      department: category.department,
      final: stages[stages.length - 1]?.event ?? 'reported',
      stages: stages.map((s) => ({
        event: s.event,
        ts: isoCstSeconds(s.t),
        ...(s.department ? { department: s.department } : {}),
        ...(s.departments ? { departments: s.departments } : {}),
        ...(s.satisfaction ? { satisfaction: s.satisfaction } : {}),
      })),
    };
    this.#truth.write(truth);
  }
}

interface Report {
  district: string;
  street: string;
  category: string;
  source: (typeof SOURCES)[number];
  priority: (typeof PRIORITIES)[number];
  lat: number;
  lon: number;
}

function toEvent(ticket_id: string, s: Stage, report: Report): TicketEvent {
  const ts = isoCstSeconds(s.t);
  switch (s.event) {
    case 'reported':
      return { ticket_id, event: 'reported', ts, ...report };
    case 'dispatched':
    case 'arrived':
    case 'resolved':
      return { ticket_id, event: s.event, ts, department: s.department ?? '' };
    case 'whistle':
      return { ticket_id, event: 'whistle', ts, departments: s.departments ?? [] };
    case 'rated':
      return { ticket_id, event: 'rated', ts, satisfaction: s.satisfaction ?? 3 };
    default:
      return { ticket_id, event: s.event, ts };
  }
}
