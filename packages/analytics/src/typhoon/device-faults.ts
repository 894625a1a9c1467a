import type { Alert } from '@onegrid/contracts';
import { alertMessage } from './alerts.ts';
import { isoCst } from './time.ts';

/** `stuck`: one value for hours while neighbours move; `silent`: nothing for an hour while the feed runs; `implausible`: readings refuted as sensor faults. */
export type FaultReason = 'stuck' | 'silent' | 'implausible';

export interface FaultCheck {
  device: string;
  district: string;
  /** `gauge` or `station`, for the maintenance crew. */
  deviceKind: 'gauge' | 'station';
  reason: FaultReason;
  /** Undefined when the fault does not hold at the check's time; else when it began. */
  since: number | undefined;
  evidence: Record<string, unknown>;
}

/**
 * The `gauge_fault` alerts of a district's devices: one per device and reason while it holds
 * (id `gauge_fault:<device>:<reason>:<since>`), resolved when a check finds it gone. They are for
 * maintenance: severity `info`, and never a hazard (the water_level and typhoon_risk alerts
 * ignore the readings behind them).
 */
export class DeviceFaults {
  readonly #open = new Map<string, { since: number; check: FaultCheck }>();

  /** Applies checks made at event time `at`; opened and resolved alerts go to `out`. */
  update(checks: readonly FaultCheck[], at: number, out: Alert[]): void {
    for (const check of checks) {
      const key = `${check.device}|${check.reason}`;
      const open = this.#open.get(key);
      if (check.since !== undefined && open === undefined) {
        this.#open.set(key, { since: check.since, check });
        out.push(this.#alert(check, check.since, 'open', at, check.evidence));
      } else if (check.since === undefined && open !== undefined) {
        this.#open.delete(key);
        out.push(
          this.#alert(open.check, open.since, 'resolved', at, { ...check.evidence, ended_at: isoCst(at) }),
        );
      }
    }
  }

  /** The earliest `since` of an open fault (replay depth). */
  openSince(): number | undefined {
    let since: number | undefined;
    for (const { since: s } of this.#open.values()) since = since === undefined ? s : Math.min(since, s);
    return since;
  }

  #alert(
    check: FaultCheck,
    since: number,
    status: Alert['status'],
    at: number,
    evidence: Record<string, unknown>,
  ): Alert {
    return alertMessage(
      {
        type: 'gauge_fault',
        severity: 'info',
        subject: check.device,
        district: check.district,
        level: check.reason,
        since,
      },
      status,
      at,
      { device_kind: check.deviceKind, fault: check.reason, ...evidence },
    );
  }
}
