import { Directive, Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Provenance } from '../../shared/types/provenance.type';
import { requiresScopes } from '../../shared/requirements';
import { CREDIT_REFERENCE_SCOPE } from './credit-reference-indicators.type';
import { OverdueBand } from './enums';

@ObjectType({ description: 'The institution has overdue loans in the credit reference database.' })
@Directive(requiresScopes([CREDIT_REFERENCE_SCOPE]))
export class OverdueIndicator {
  @Field(() => OverdueBand, { description: 'Never NONE here.' })
  overdueBand!: OverdueBand;

  @Field(() => GraphQLLocalDate)
  indicatorsAsOf!: string;

  @Field(() => Provenance)
  provenance!: Provenance;
}
