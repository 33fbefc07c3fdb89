import { PublicityWindowed } from '../../shared/types/publicity-window.type';
import { Field, Float, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { FinancialRegulator } from './enums';

export const PENALTY_SCOPE = 'finance:penalty:read';

/**
 * No type or field requirement: a penalty inside its publicity window is public by law (双公示).
 * The rows outside it never leave the database unless the caller holds finance:penalty:read.
 */
@ObjectType({
  description: 'An administrative penalty by a financial regulator. Public while ACTIVE and inside its publicity window; other rows need finance:penalty:read.',
})
export class FinancialPenalty extends PublicityWindowed {
  @Field()
  id!: string;

  @Field(() => FinancialRegulator)
  regulator!: FinancialRegulator;

  @Field({ description: 'Office that decided, e.g. 中国人民银行北京市分行.' })
  decidingAuthority!: string;

  @Field({ description: 'Decision document number (行政处罚决定书文号).' })
  documentNo!: string;

  @Field()
  violation!: string;

  @Field(() => Float)
  fineCny!: number;

  @Field(() => GraphQLLocalDate)
  decidedOn!: string;
}
