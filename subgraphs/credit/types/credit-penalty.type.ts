import { Field, Float, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { PersonRef } from '../../shared/types/person-ref.type';
import { CreditAuthority } from './credit-authority.type';
import { CreditRecord } from './credit-record.type';
import { CreditPenaltyCategory } from './enums';

@ObjectType({
  implements: CreditRecord,
  description:
    'An administrative penalty in the national 双公示 format. Public only while ACTIVE and inside its publicity window; ' +
    'other rows reach only callers with credit:record:read.',
})
export class CreditPenalty extends CreditRecord {
  @Field({ description: '行政处罚决定书文号' })
  decisionDocNo!: string;

  @Field({ description: '违法行为类型 / penalised item.' })
  violationType!: string;

  @Field({ description: '违法事实' })
  facts!: string;

  @Field({ description: '处罚依据' })
  legalBasis!: string;

  @Field(() => [CreditPenaltyCategory], { description: '处罚类别' })
  categories!: CreditPenaltyCategory[];

  @Field({ description: '处罚内容 / decision content.' })
  content!: string;

  @Field(() => Float, { description: '罚款金额, CNY (the national format states 万元; this API uses yuan).' })
  fineCny!: number;

  @Field(() => Float, { description: '没收违法所得、没收非法财物的金额, CNY.' })
  confiscationCny!: number;

  @Field(() => String, { nullable: true, description: '暂扣或吊销证照名称及编号, when any.' })
  licenceAffected!: string | null;

  @Field(() => CreditAuthority, { description: '处罚机关 and its USCC.' })
  authority!: CreditAuthority;

  @Field(() => GraphQLLocalDate, { description: '处罚决定日期' })
  decidedOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: '处罚有效期 (e.g. end of a suspension); null when not applicable.' })
  validUntil!: string | null;

  @Field(() => GraphQLLocalDate, {
    description: 'End of the minimum publicity period; from this day credit repair may withdraw the record early.',
  })
  repairEligibleFrom!: string;

  @Field(() => PersonRef, { description: '法定代表人 at the time of the decision.' })
  legalRepresentative!: PersonRef;

  @Field(() => CreditAuthority, { description: '数据来源单位 and its USCC.' })
  dataSource!: CreditAuthority;
}
