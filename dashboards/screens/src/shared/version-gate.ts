import type { ChannelStore } from '../feed/store.ts';

/** Remembers the channel versions a panel last drew, so it redraws only what changed. */
export class VersionGate {
  readonly #store: ChannelStore;
  readonly #seen = new Map<string, number>();

  constructor(store: ChannelStore) {
    this.#store = store;
  }

  changed(channel: string): boolean {
    const version = this.#store.get(channel)?.version ?? 0;
    if (this.#seen.get(channel) === version) return false;
    this.#seen.set(channel, version);
    return true;
  }
}
