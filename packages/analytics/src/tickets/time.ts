import { isoCst } from '@onegrid/contracts';

/** `isoCst` (the contracts' one time format), or null for an unknown time. */
export const isoOrNull = (ms: number | undefined): string | null => (ms === undefined ? null : isoCst(ms));
