import type { Alert } from '@onegrid/contracts';
import { toEpochMs } from '@onegrid/contracts';

const HOUR = 3_600_000;

/**
 * The alerts a duty officer's screen shows: every open one, and resolved ones for an hour
 * (by event time) so the room sees what just ended. Fed the `onegrid.alerts` topic, which may
 * repeat a message after a processor restart: a repeat, or an `open` arriving after its
 * `resolved`, changes nothing.
 */
export class AlertBoard {
  readonly #alerts = new Map<string, Alert>();
  readonly #keepResolvedMs: number;
  #newest = Number.NEGATIVE_INFINITY;

  constructor(keepResolvedMs = HOUR) {
    this.#keepResolvedMs = keepResolvedMs;
  }

  /** Applies one alert message; returns the keys to upsert and to remove on the feed. */
  apply(alert: Alert): { upserts: Record<string, Alert>; removes: string[] } {
    const known = this.#alerts.get(alert.alert_id);
    const upserts: Record<string, Alert> = {};
    if (known === undefined || (known.status === 'open' && alert.status === 'resolved')) {
      this.#alerts.set(alert.alert_id, alert);
      upserts[alert.alert_id] = alert;
    }
    const t = toEpochMs(alert.detected_at);
    if (t > this.#newest) this.#newest = t;
    return { upserts, removes: this.#expire() };
  }

  #expire(): string[] {
    const removes: string[] = [];
    for (const [id, alert] of this.#alerts) {
      if (alert.status === 'resolved' && toEpochMs(alert.detected_at) < this.#newest - this.#keepResolvedMs) {
        this.#alerts.delete(id);
        removes.push(id);
      }
    }
    return removes;
  }

  size(): number {
    return this.#alerts.size;
  }
}
