import { type IncomingMessage, request } from 'node:http';
import type { Duplex } from 'node:stream';
import { createLogger } from '@onegrid/logging';
import { afterEach, describe, expect, it } from 'vitest';
import { type FrontDoor, openFrontDoor } from './front-door.ts';

// The front door's gate on upgrades (the feed's WebSocket), on a real socket: an app's upgrade
// listener (fastify's websocket plugin adds one when fastify is built, before its routes' hooks,
// the token check among them, are attached) sees none until the door is opened.

const doors: FrontDoor[] = [];
afterEach(async () => {
  for (const door of doors.splice(0)) await door.close();
});

describe('app > front door, upgrades', () => {
  it('answers an upgrade 503 until opened, never handing it to the app; after, the app takes it', async () => {
    const door = await openFrontDoor({ host: '127.0.0.1', port: 0 }, createLogger('test', 'silent'));
    doors.push(door);
    const upgraded: string[] = [];
    // What fastify's websocket plugin does with the server it is given.
    const server = door.serverFactory((_request, response) => response.end());
    server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
      upgraded.push(req.url ?? '');
      socket.end('HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n\r\n');
    });
    door.waitingFor('kafka', 'Kafka brokers to answer');

    const before = await upgrade(`${door.url}/api/feed`);
    expect(before).toMatchObject({ status: 503, retryAfter: '5' });
    expect(before.body).toMatchObject({ error: 'starting', message: expect.stringContaining('kafka') });
    expect(upgraded).toEqual([]);

    door.open();
    expect(await upgrade(`${door.url}/api/feed`)).toMatchObject({ status: 101 });
    expect(upgraded).toEqual(['/api/feed']);
  });

  it('answers an upgrade 503 before any app listens for them, and hands it to the app as a request once open', async () => {
    const door = await openFrontDoor({ host: '127.0.0.1', port: 0 }, createLogger('test', 'silent'));
    doors.push(door);
    // An app with no WebSocket (the ops port): Node hands an upgrade to the request listener.
    door.serverFactory((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"error":"not found"}');
    });
    expect(await upgrade(`${door.url}/api/feed`)).toMatchObject({ status: 503, retryAfter: '5' });
    door.open();
    expect(await upgrade(`${door.url}/api/feed`)).toMatchObject({
      status: 404,
      body: { error: 'not found' },
    });
  });
});

/** A WebSocket upgrade request: its status (101 once upgraded), `Retry-After` and JSON body. */
function upgrade(url: string): Promise<{ status: number; retryAfter?: string; body?: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0 });
    });
    req.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          retryAfter: response.headers['retry-after'],
          body: JSON.parse(text) as unknown,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}
