// The record is the wire format both generators share with the publisher: it lives in feed-io.
export { FAULTS, type Fault, INVALID_FAULTS, type StreamRecord } from '@onegrid/feed-io';
