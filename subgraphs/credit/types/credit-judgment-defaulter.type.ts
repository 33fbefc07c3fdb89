import { Directive, Field, Float, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { PersonRef } from '../../shared/types/person-ref.type';
import { requiresScopes } from '../../shared/requirements';
import { CreditRecord } from './credit-record.type';
import { CreditPerformanceStatus } from './enums';

@ObjectType({
  implements: CreditRecord,
  description:
    'A dishonest judgment defaulter (失信被执行人) record published by the Supreme People\'s Court and re-published on 信用中国. ' +
    'Public only while ACTIVE and inside its window; the obligation and amounts need credit:judgment:read.',
})
export class CreditJudgmentDefaulter extends CreditRecord {
  @Field({ description: 'Enforcing court (执行法院).' })
  court!: string;

  @Field({ description: 'Enforcement case number (案号), e.g. （2025）京0108执1234号.' })
  caseNo!: string;

  @Field(() => GraphQLLocalDate, { description: '立案时间' })
  filedOn!: string;

  @Field({ description: '执行依据文号' })
  enforcementBasisDocNo!: string;

  @Field({ description: '做出执行依据单位' })
  enforcementBasisIssuer!: string;

  @Field({ description: '生效法律文书确定的义务' })
  @Directive(requiresScopes(['credit:judgment:read']))
  obligation!: string;

  @Field(() => Float, { description: 'Amount the enforcement basis orders paid, CNY (执行标的).' })
  @Directive(requiresScopes(['credit:judgment:read']))
  obligationAmountCny!: number;

  @Field(() => Float, { description: 'Amount paid so far, CNY.' })
  @Directive(requiresScopes(['credit:judgment:read']))
  performedAmountCny!: number;

  @Field(() => CreditPerformanceStatus, { description: '被执行人的履行情况' })
  performanceStatus!: CreditPerformanceStatus;

  @Field({ description: '失信被执行人行为具体情形' })
  dishonestBehaviour!: string;

  @Field(() => GraphQLLocalDate, { description: '发布时间' })
  publishedOn!: string;

  @Field(() => PersonRef, { description: '法定代表人或者负责人, as published with the record.' })
  legalRepresentative!: PersonRef;
}
