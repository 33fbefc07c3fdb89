import { Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { CreditAuthority } from './credit-authority.type';
import { CreditRecord } from './credit-record.type';
import { CreditLicenceCategory } from './enums';

@ObjectType({
  implements: CreditRecord,
  description: 'An administrative licence in the national 双公示 format. Licence publicity is always public.',
})
export class CreditLicence extends CreditRecord {
  @Field({ description: '决定文书名称' })
  decisionDocName!: string;

  @Field({ description: '行政许可决定文书号' })
  decisionDocNo!: string;

  @Field({ description: '许可证书名称 / licensed item.' })
  itemName!: string;

  @Field(() => CreditLicenceCategory)
  category!: CreditLicenceCategory;

  @Field({ description: '许可编号' })
  licenceNo!: string;

  @Field({ description: '许可内容' })
  content!: string;

  @Field({ description: 'Law or regulation the decision rests on.' })
  legalBasis!: string;

  @Field(() => CreditAuthority, { description: '许可机关 and its USCC.' })
  authority!: CreditAuthority;

  @Field(() => GraphQLLocalDate, { description: '许可决定日期' })
  decidedOn!: string;

  @Field(() => GraphQLLocalDate, { description: '有效期自' })
  validFrom!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: '有效期至; null when the licence has no end (长期).' })
  validUntil!: string | null;

  @Field(() => CreditAuthority, { description: '数据来源单位 and its USCC.' })
  dataSource!: CreditAuthority;
}
