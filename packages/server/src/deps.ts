import type { Logger } from '@onegrid/logging';

export interface ComponentHealth {
  readonly ok: boolean;
  readonly [detail: string]: unknown;
}

/**
 * What the server needs from the rest of the process. The server knows no Kafka or
 * ClickHouse client: the composition root (packages/app) hands it functions.
 */
export interface ServerDeps {
  readonly logger: Logger;
  /** Each named check answers without throwing, within its own deadline. */
  readonly healthChecks: Readonly<Record<string, () => Promise<ComponentHealth>>>;
}
