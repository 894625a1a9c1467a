/**
 * `city.weather.typhoon-advisories`: one advisory per issue time of the storm (see
 * storm/advisories.ts), reaching the feed half an hour after its observation time, with the
 * truth of each written beside it.
 */
import { TOPICS } from '@onegrid/contracts';
import type { Feed } from '../feed/feed.ts';
import type { Rng } from '../rng.ts';
import { advisoryArrival, advisoryAt, advisoryTimes } from '../storm/advisories.ts';
import type { StormTrack } from '../storm/track.ts';
import type { TruthSink } from '../truth/truth.ts';

export class AdvisoryStream {
  readonly #track: StormTrack;
  readonly #truth: TruthSink;
  readonly #rng: Rng;

  constructor(track: StormTrack, truth: TruthSink, rng: Rng) {
    this.#track = track;
    this.#truth = truth;
    this.#rng = rng;
  }

  /** Sends the advisories observed in [from, to). */
  advance(from: number, to: number, feed: Feed): void {
    for (const t of advisoryTimes(from, to, this.#track.landfall)) {
      const { advisory, truth } = advisoryAt(this.#track, t, this.#rng);
      const sent = feed.send(
        TOPICS.typhoonAdvisories,
        advisory.storm_id,
        JSON.stringify(advisory),
        advisoryArrival(t),
      );
      if (sent) {
        this.#truth.write({
          type: 'advisory',
          storm_id: advisory.storm_id,
          ts: advisory.ts,
          true_lat: truth.lat,
          true_lon: truth.lon,
          radii_km: advisory.radii_km ?? null,
          forecast_error_km: truth.forecast_error_km,
        });
      }
    }
  }
}
