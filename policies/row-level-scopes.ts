/**
 * Scopes the subgraphs apply to rows (records outside their publicity window) rather than
 * through schema directives; the catalogue must list them like any other.
 */
export const ROW_LEVEL_SCOPES = [
  'market:penalty:read',
  'market:listing:read',
  'credit:record:read',
  'ip:credit:read',
  'finance:penalty:read',
] as const;
