// The tallies are the same for every generator: they live with the shared feed I/O.
export { type Counts, countRecord, emptyCounts } from '@onegrid/feed-io';
