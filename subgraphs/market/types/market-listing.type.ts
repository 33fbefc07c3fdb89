import { createUnionType } from 'type-graphql';
import { AbnormalOperationListing } from './abnormal-operation-listing.type';
import { SeriousViolationListing } from './serious-violation-listing.type';

/** Which list a listing row came from; the repository selects it as a constant column. */
export type MarketListingKind = 'ABNORMAL_OPERATION' | 'SERIOUS_VIOLATION';

export const MarketListing = createUnionType({
  name: 'MarketListing',
  description: 'An entry on either market-regulation list: abnormal operation (经营异常名录) or serious violation (严重违法失信名单).',
  types: () => [AbnormalOperationListing, SeriousViolationListing] as const,
  // A type name, not a class: the subgraph schema is rebuilt from SDL and keeps only names.
  resolveType: (value) =>
    (value as { listingKind?: MarketListingKind }).listingKind === 'SERIOUS_VIOLATION'
      ? 'SeriousViolationListing'
      : 'AbnormalOperationListing',
});
