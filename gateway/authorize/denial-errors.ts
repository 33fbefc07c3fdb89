import type { AuthorizationErrorMode } from '../config';
import type { OperationResponse } from '../pipeline/operation';
import { selectionIncluded, type DeniedField } from './filter-operation';

export interface UnauthorizedError {
  readonly message: 'Unauthorized field or type';
  readonly path: string[];
  readonly extensions: { readonly code: 'UNAUTHORIZED_FIELD_OR_TYPE' };
}

/**
 * One error per denied path (not per list item), Router format; `implied` entries are not
 * reported, nor are selections the request's variables skip (`@include` / `@skip`).
 */
export function unauthorizedErrors(denied: readonly DeniedField[], variables?: Readonly<Record<string, unknown>>): UnauthorizedError[] {
  const seen = new Set<string>();
  const errors: UnauthorizedError[] = [];
  for (const entry of denied) {
    if (entry.kind === 'implied') continue;
    if (variables && entry.conditions.length > 0 && !selectionIncluded(entry.conditions, variables)) continue;
    const id = entry.path.join('\u0000');
    if (seen.has(id)) continue;
    seen.add(id);
    errors.push({
      message: 'Unauthorized field or type',
      path: [...entry.path],
      extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' },
    });
  }
  return errors;
}

/** Reports denied paths where the configuration says: in `errors`, in `extensions`, or nowhere. */
export function withDenials(body: OperationResponse['body'], unauthorized: readonly UnauthorizedError[], mode: AuthorizationErrorMode): OperationResponse['body'] {
  if (unauthorized.length === 0 || mode === 'disabled') return body;
  if (mode === 'extensions') return { ...body, extensions: { ...body.extensions, authorizationErrors: unauthorized } };
  return { ...body, errors: [...unauthorized, ...(body.errors ?? [])] };
}
