import type { EngineConnection } from './engine.ts';
import { ClickHouseFailure } from './errors.ts';
import type { SessionRequest } from './request.ts';

interface Held {
  readonly connection: EngineConnection;
  expiresAt: number;
}

/**
 * ClickHouse HTTP sessions (`session_id`): a connection kept between requests, so `SET`,
 * `USE` and temporary tables last for the session, until `session_timeout` seconds pass
 * without a request. Only the queue's task touches it, so a session is never used twice at once.
 */
export class Sessions {
  readonly #held = new Map<string, Held>();
  readonly #open: () => EngineConnection;

  constructor(open: () => EngineConnection) {
    this.#open = open;
  }

  get size(): number {
    return this.#held.size;
  }

  /** The session's connection, opened if new (unless it must exist); its clock restarts at `now`. */
  acquire(request: SessionRequest, now: number): EngineConnection {
    this.expire(now);
    let held = this.#held.get(request.id);
    if (held === undefined) {
      if (request.mustExist) {
        throw ClickHouseFailure.own('SESSION_NOT_FOUND', `Session ${request.id} not found`);
      }
      held = { connection: this.#open(), expiresAt: 0 };
      this.#held.set(request.id, held);
    }
    held.expiresAt = now + request.timeoutS * 1000;
    return held.connection;
  }

  /** Ends a session now (close_session=1, or its state can no longer be trusted). */
  end(id: string): void {
    this.#held.get(id)?.connection.close();
    this.#held.delete(id);
  }

  /** Closes the sessions idle past their timeout. */
  expire(now: number): void {
    for (const [id, held] of this.#held) {
      if (held.expiresAt <= now) this.end(id);
    }
  }

  closeAll(): void {
    for (const id of [...this.#held.keys()]) this.end(id);
  }
}
