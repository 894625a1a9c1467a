import { type LogEntry, logLevel } from 'kafkajs';

/**
 * Calls a consumer's hook the moment kafkajs logs that it crashed. kafkajs emits its CRASH event
 * only after disconnecting the consumer, and the disconnect's LeaveGroup waited 5 s for a
 * coordinator that had moved with the broker killed (soak 2026-12-06-16-07-36: crash logged
 * 0.5 s after the kill, the event 5 s later). Its log line comes first, with the group id; by
 * then the consumer has stopped fetching (kafkajs waits for its fetchers before giving up).
 */
export class CrashHooks {
  readonly #hooks = new Map<string, () => void>();

  /** `hook` runs once, at the first crash logged for `groupId`, until `remove`d. */
  on(groupId: string, hook: () => void): void {
    this.#hooks.set(groupId, hook);
  }

  remove(groupId: string): void {
    this.#hooks.delete(groupId);
  }

  /** Every kafkajs log entry of the client passes here. */
  logged(level: number, entry: LogEntry['log']): void {
    const groupId = (entry as { groupId?: unknown }).groupId;
    if (level !== logLevel.ERROR || typeof groupId !== 'string' || !entry.message.startsWith('Crash: '))
      return;
    const hook = this.#hooks.get(groupId);
    if (hook === undefined) return;
    this.#hooks.delete(groupId);
    hook();
  }
}
