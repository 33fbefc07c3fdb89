import { Directive, Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Provenance } from '../../shared/types/provenance.type';
import { requiresScopes } from '../../shared/requirements';
import { GuaranteeExposureBand, OverdueBand } from './enums';

export const CREDIT_REFERENCE_SCOPE = 'finance:credit-reference:read';

@ObjectType({
  description:
    'Flags derived from the PBoC credit reference database (征信业管理条例). Never the credit report: bands and booleans only.',
})
@Directive(requiresScopes([CREDIT_REFERENCE_SCOPE]))
export class CreditReferenceIndicators {
  @Field({ description: 'True when overdueBand is not NONE.' })
  hasOverdueLoans!: boolean;

  @Field(() => OverdueBand)
  overdueBand!: OverdueBand;

  @Field(() => GuaranteeExposureBand)
  guaranteeExposureBand!: GuaranteeExposureBand;

  @Field(() => GraphQLLocalDate, { description: 'Reporting date of the credit data the flags were derived from.' })
  indicatorsAsOf!: string;

  @Field(() => Provenance)
  provenance!: Provenance;
}
