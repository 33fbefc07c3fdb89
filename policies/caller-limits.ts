/**
 * What one caller may ask of the gateway: the shape of an operation (Apollo Router's operation
 * limits plus directives), its estimated cost, and how much it may ask per rate-limit window. The
 * gateway's configuration gives the defaults every caller gets (anonymous ones included); a
 * consumer in `consumers.json` may carry a `limits` object overriding any of them.
 */
export interface CallerLimits {
  /** Deepest nesting of selection sets, fragments included (MAX_DEPTH_LIMIT). */
  readonly maxDepth: number;
  /** Distinct fields per selection set, summed over the operation, fragments expanded (MAX_HEIGHT_LIMIT). */
  readonly maxHeight: number;
  /** Root fields, every use counted, aliases included (MAX_ROOT_FIELDS_LIMIT). */
  readonly maxRootFields: number;
  /** Aliases anywhere in the operation (MAX_ALIASES_LIMIT). */
  readonly maxAliases: number;
  /** Directive applications anywhere in the operation (MAX_DIRECTIVES_LIMIT). */
  readonly maxDirectives: number;
  /** Largest static cost estimate served (COST_ESTIMATED_TOO_EXPENSIVE). */
  readonly maxCost: number;
  /** Requests per rate-limit window (REQUEST_RATE_LIMITED). */
  readonly requestsPerWindow: number;
  /** Sum of estimated costs per rate-limit window (REQUEST_RATE_LIMITED). */
  readonly costPerWindow: number;
}

export const CALLER_LIMIT_KEYS: readonly (keyof CallerLimits)[] = [
  'maxDepth',
  'maxHeight',
  'maxRootFields',
  'maxAliases',
  'maxDirectives',
  'maxCost',
  'requestsPerWindow',
  'costPerWindow',
];

/** Largest value any limit may take: beyond it a limit protects nothing. */
export const MAX_LIMIT_VALUE = 100_000_000;
