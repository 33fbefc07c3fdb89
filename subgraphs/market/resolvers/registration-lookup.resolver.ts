import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '../../shared/agency';
import { badUserInput } from '../../shared/errors';
import type { MarketLoaders } from '../data/loaders';
import { checkRegistrationNo } from '../../../common/identifiers/registration-no';
import { Institution } from '../types/institution.type';

type Context = SubgraphContext<MarketLoaders>;

@Resolver()
export class RegistrationLookupResolver {
  @Query(() => Institution, {
    nullable: true,
    description:
      'The institution a legacy 15-digit business registration number (工商注册号) belongs to; null when none has it. ' +
      'Surrounding whitespace is trimmed; the number must be 15 digits with a valid ISO 7064 MOD 11,10 check digit.',
  })
  async institutionByRegistrationNo(@Arg('registrationNo') registrationNo: string, @Ctx() ctx: Context): Promise<Institution | null> {
    const value = registrationNo.trim();
    const problem = checkRegistrationNo(value);
    if (problem !== null) throw badUserInput(problem.message, { argument: 'registrationNo', reason: problem.code });
    const row = await ctx.loaders.registrationByNo.load(value);
    return row ? { uscc: row.uscc } : null;
  }
}
