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
  /** Resolved alerts in the order they were applied, to expire from the front. */
  readonly #resolved: { id: string; at: number }[] = [];
  readonly #keepResolvedMs: number;
  #newest = Number.NEGATIVE_INFINITY;

  constructor(keepResolvedMs = HOUR) {
    this.#keepResolvedMs = keepResolvedMs;
  }

  /** Applies one alert message; returns the keys to upsert and to remove on the feed. */
  apply(alert: Alert): { upserts: Record<string, Alert>; removes: string[] } {
    const known = this.#alerts.get(alert.alert_id);
    const upserts: Record<string, Alert> = {};
    const t = toEpochMs(alert.detected_at);
    if (known === undefined || (known.status === 'open' && alert.status === 'resolved')) {
      this.#alerts.set(alert.alert_id, alert);
      upserts[alert.alert_id] = alert;
      if (alert.status === 'resolved') this.#resolved.push({ id: alert.alert_id, at: t });
    }
    if (t > this.#newest) this.#newest = t;
    return { upserts, removes: this.#expire() };
  }

  /**
   * Drops resolved alerts an hour of event time old. The queue is in arrival order, which is
   * close to event-time order; one resolved later than its successors waits for them (at most a
   * few minutes of feed reordering), so each step looks at the front only.
   */
  #expire(): string[] {
    const removes: string[] = [];
    const horizon = this.#newest - this.#keepResolvedMs;
    while (this.#resolved.length > 0 && (this.#resolved[0]?.at ?? Number.POSITIVE_INFINITY) < horizon) {
      const { id } = this.#resolved.shift() as { id: string; at: number };
      this.#alerts.delete(id);
      removes.push(id);
    }
    return removes;
  }

  size(): number {
    return this.#alerts.size;
  }
}
