import { createUnionType } from 'type-graphql';
import { CustodyShortfall } from './custody-shortfall.type';
import { OverdueIndicator } from './overdue-indicator.type';

/**
 * A union, not an interface: federation forbids @requiresScopes on interfaces, and each member
 * carries its own scope. Members are class instances, so type-graphql resolves them by instanceof.
 * The loaders only build the members the caller holds the scope for, so not even `__typename`
 * tells an unauthorised caller that an alert exists.
 */
export const FinanceAlert = createUnionType({
  name: 'FinanceAlert',
  description: 'Something a supervisor should look at: a custody shortfall or overdue loans.',
  types: () => [CustodyShortfall, OverdueIndicator] as const,
});
