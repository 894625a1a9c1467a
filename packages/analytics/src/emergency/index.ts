export {
  compareEvacuation,
  compareResources,
  type Difference,
  type EvacuationTruthInput,
  evacuationTruthSchema,
  type ResourceTruthInput,
  resourceTruthSchema,
} from './compare.ts';
export {
  combineTotals,
  type DistrictMoves,
  type EvacuationAnomalies,
  type EvacuationDisposition,
  EvacuationLedger,
  type EvacuationTotals,
} from './evacuation-ledger.ts';
export {
  type EvacuationAreaValue,
  type EvacuationFeedValue,
  evacuationFeed,
  type ResourceTypeValue,
  resourcesFeed,
  type ShelterValue,
} from './feed.ts';
export {
  RESOURCE_STATES,
  ResourceBook,
  type ResourceBookOptions,
  type ResourceDisposition,
  type ResourceState,
} from './resource-book.ts';
