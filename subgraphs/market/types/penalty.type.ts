import { PublicityWindowed } from '../../shared/types/publicity-window.type';
import { Field, Float, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

@ObjectType({
  description:
    'An administrative penalty by market regulation (行政处罚信息). Public while ACTIVE and inside its publicity window; ' +
    'other rows reach only callers holding market:penalty:read.',
})
export class MarketPenalty extends PublicityWindowed {
  @Field()
  id!: string;

  @Field({ description: 'Penalty decision document number (行政处罚决定书文号).' })
  decisionDocNo!: string;

  @Field({ description: 'Type of violation (违法行为类型), e.g. "虚假宣传".' })
  violationType!: string;

  @Field({ description: 'Facts of the violation (违法事实).' })
  facts!: string;

  @Field({ description: 'Legal basis of the penalty (处罚依据).' })
  legalBasis!: string;

  @Field({ description: 'What was imposed (处罚内容), e.g. "警告；罚款人民币50000元".' })
  penaltyContent!: string;

  @Field(() => Float, { nullable: true, description: 'Fine in CNY (罚款金额); null when no fine was imposed.' })
  fineCny!: number | null;

  @Field(() => GraphQLLocalDate, { description: 'Date of the decision (处罚决定日期).' })
  decidedOn!: string;

  @Field({ description: 'Deciding authority (处罚机关).' })
  decidingAuthority!: string;
}
