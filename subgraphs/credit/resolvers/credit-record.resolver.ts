import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../shared/agency';
import type { CreditLoaders } from '../data/loaders';
import type { CreditRepairRow } from '../data/rows';
import { CreditRecord } from '../types/credit-record.type';
import { CreditRepairRecord } from '../types/credit-repair-record.type';
import { findCreditRecord } from './credit-records';

type Context = SubgraphContext<CreditLoaders>;

@Resolver(() => CreditRepairRecord)
export class CreditRecordResolver {
  @Query(() => CreditRecord, {
    nullable: true,
    description:
      'One credit record by id (as printed on 信用中国 and in every record\'s `id`). Null when there is no such record ' +
      'or the caller may not see it: a penalty, dishonesty entry or judgment-defaulter record outside its public window ' +
      'needs credit:record:read, a repair record credit:repair:read. A malformed id, or one whose USCC is invalid, is BAD_USER_INPUT.',
  })
  creditRecord(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return findCreditRecord(ctx.loaders, id);
  }

  @FieldResolver(() => CreditRecord, {
    nullable: true,
    description: 'The repaired record, when the caller may see it (a record withdrawn after repair needs credit:record:read).',
  })
  repairedRecord(@Root() repair: CreditRepairRow, @Ctx() ctx: Context) {
    return findCreditRecord(ctx.loaders, repair.repairedRecordId);
  }
}
