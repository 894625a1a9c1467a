import { describe, expect, it } from 'vitest';
import { coordinatorMoved } from './group-source.ts';

// Shapes of kafkajs errors: a protocol error has a `type`; retries wrap the last one in
// KafkaJSNumberOfRetriesExceeded's `originalError`.
const protocolError = (type: string) =>
  Object.assign(new Error(type), { name: 'KafkaJSProtocolError', type });
const retriesExceeded = (last: Error) =>
  Object.assign(new Error(last.message), { name: 'KafkaJSNumberOfRetriesExceeded', originalError: last });

describe('kafkajs consumer > coordinatorMoved', () => {
  it('sees a moved coordinator, also behind the retrier', () => {
    expect(coordinatorMoved(protocolError('NOT_COORDINATOR_FOR_GROUP'))).toBe(true);
    expect(coordinatorMoved(retriesExceeded(protocolError('NOT_COORDINATOR_FOR_GROUP')))).toBe(true);
    expect(coordinatorMoved(retriesExceeded(protocolError('GROUP_COORDINATOR_NOT_AVAILABLE')))).toBe(true);
  });

  it('leaves other failures to the caller', () => {
    expect(coordinatorMoved(protocolError('REBALANCE_IN_PROGRESS'))).toBe(false);
    expect(coordinatorMoved(retriesExceeded(protocolError('ILLEGAL_GENERATION')))).toBe(false);
    expect(coordinatorMoved(new Error('connection refused'))).toBe(false);
    expect(coordinatorMoved(undefined)).toBe(false);
  });
});
