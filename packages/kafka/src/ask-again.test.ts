import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { worthAskingAgain } from './ask-again.ts';

// The errors are kafkajs's own: its admin pointed at a port where nothing listens, its retries cut
// short (a few ms apart) so that its last error comes at once.
describe('kafka > worthAskingAgain', () => {
  it("asks again after kafkajs's retries ended on a broker that is away", async () => {
    const port = await deadPort();
    const admin = new Kafka({
      brokers: [`127.0.0.1:${port}`],
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 10, retries: 1 },
    }).admin();
    const error = await admin.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    await admin.disconnect();
    // What the client ends with: marked not retriable, around the refused connection.
    expect(error).toMatchObject({
      name: 'KafkaJSNumberOfRetriesExceeded',
      retriable: false,
      cause: { name: 'KafkaJSConnectionError', retriable: true },
    });
    expect(worthAskingAgain(error)).toBe(true);
  });

  it('gives up on an error Kafka says is permanent, and asks again on an unclassified one', () => {
    // TOPIC_AUTHORIZATION_FAILED: not retriable, and kafkajs does not retry it either.
    expect(worthAskingAgain(createErrorFromCode(29))).toBe(false);
    expect(worthAskingAgain(new Error('socket hang up'))).toBe(true);
  });
});

// kafkajs's own error for a protocol error code, as its clients raise it.
const { createErrorFromCode } = createRequire(import.meta.url)('kafkajs/src/protocol/error.js') as {
  createErrorFromCode: (code: number) => Error;
};

/** A port nothing listens on (the kernel's choice, closed again). */
async function deadPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
