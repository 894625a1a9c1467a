import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '@onegrid/logging';

/**
 * The process's HTTP port, open from the first moment of start-up: before ClickHouse and Kafka
 * answer, `/health/live` says the process is up (its event loop turns) and `/health/ready`
 * answers 503 naming the dependency start-up waits for. Then the server built on this same
 * socket (`serverFactory`, fastify's) takes every request and upgrade (`open`). Why: start-up
 * may wait minutes for a slow cluster (ONEGRID_KAFKA_WAIT_S, for ClickHouse and for Kafka), and
 * an orchestrator's start-up probe of `/health/live` (infra/k8s/app/*.yaml) must not kill it
 * meanwhile; one socket, not a second server after the first closes, so no probe meets a
 * refused connection and port 0 keeps its port.
 */
export interface FrontDoor {
  /** `http://host:port` of the socket. */
  readonly url: string;
  /** What start-up waits for now: `component` as `/health` names it (`clickhouse`, `kafka`, …). */
  waitingFor(component: string, detail: string): void;
  /** What start-up waits for now, as last said (`waitingFor`). */
  waiting(): { readonly component: string; readonly detail: string };
  /** For fastify's `serverFactory`: the app is built on this socket, and answers once `open`. */
  readonly serverFactory: (handler: RequestListener) => Server;
  /** From now on the app given to `serverFactory` answers every request (call once it is ready). */
  open(): void;
  /** Stops accepting connections, closes the idle ones, and resolves once every other has ended. */
  close(): Promise<void>;
}

/** Node's and fastify's defaults differ; fastify's, as the server had them when fastify made its socket. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

export async function openFrontDoor(
  listenOn: { readonly host: string; readonly port: number },
  logger: Logger,
): Promise<FrontDoor> {
  let waiting = { component: 'start-up', detail: 'starting' };
  let app: RequestListener | undefined;
  let opened = false;
  const starting: RequestListener = (request, response) => answerStarting(request, response, waiting);
  const server = createServer(
    { keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, requestTimeout: 0 },
    (request, response) => (opened && app !== undefined ? app : starting)(request, response),
  );
  // Upgrades (the feed's WebSocket) are gated as requests are: the app's websocket plugin listens
  // for them from when fastify is built, but its routes' hooks (the token check) are attached only
  // once fastify is ready (review of wip-edges17). Until `open`, every upgrade is answered 503
  // here and no listener sees it. Node emits 'upgrade' only while some listener is there; with
  // none (before the app is built; the ops port) it hands the request to the request listener,
  // gated below.
  const emit = server.emit;
  server.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'upgrade' && !opened) {
      refuseUpgrade(args[1] as Duplex, waiting);
      return true;
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as Server['emit'];
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenOn.port, listenOn.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url }, 'onegrid port open: /health/live answers; /health/ready says what start-up waits for');
  return {
    url,
    waitingFor(component, detail) {
      waiting = { component, detail };
      logger.info({ component, detail }, 'start-up waits');
    },
    waiting: () => waiting,
    serverFactory(handler) {
      app = handler;
      return server;
    },
    open() {
      opened = true;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeIdleConnections();
      }),
  };
}

/**
 * Before the app answers: live says the process is up, readiness and health name what start-up
 * waits for (503), anything else is 503 with a `Retry-After`. Upgrades: the same 503 (`refuseUpgrade` once an app listens for them).
 */
function answerStarting(
  request: IncomingMessage,
  response: ServerResponse,
  waiting: { readonly component: string; readonly detail: string },
): void {
  const path = (request.url ?? '/').split('?')[0];
  const send = (status: number, body: unknown) => {
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    response.end(JSON.stringify(body));
  };
  if (path === '/health/live') {
    send(200, { status: 'ok' });
    return;
  }
  const components = { [waiting.component]: { ok: false, error: `start-up waits: ${waiting.detail}` } };
  if (path === '/health' || path === '/health/ready') {
    send(503, { status: 'starting', waiting: waiting.component, components });
    return;
  }
  response.setHeader('retry-after', '5');
  send(503, { error: 'starting', message: `onegrid is starting: waits for ${waiting.component}` });
}

/** An upgrade before the app answers: 503 with a `Retry-After`, as a request, then the socket closed. */
function refuseUpgrade(socket: Duplex, waiting: { readonly component: string }): void {
  // Node takes its error listener off a socket it hands over for an upgrade.
  socket.on('error', () => socket.destroy());
  const body = JSON.stringify({
    error: 'starting',
    message: `onegrid is starting: waits for ${waiting.component}`,
  });
  socket.end(
    [
      'HTTP/1.1 503 Service Unavailable',
      'content-type: application/json; charset=utf-8',
      'cache-control: no-store',
      'retry-after: 5',
      'connection: close',
      `content-length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n'),
    () => socket.destroy(),
  );
}
