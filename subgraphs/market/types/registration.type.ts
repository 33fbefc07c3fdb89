import { Field, Float, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { PersonRef } from '../../shared/types/person-ref.type';
import { Provenance } from '../../shared/types/provenance.type';
import { MarketRegistrationStatus } from './enums';

@ObjectType({
  description:
    'Business registration (登记信息) as published on GSXT under 企业信息公示暂行条例 art. 6. ' +
    'Only entities registered by market regulation have one: a non-profit private school (USCC 52…) registers with civil affairs.',
})
export class MarketRegistration {
  @Field({ description: 'Registered legal name (企业名称).' })
  legalName!: string;

  @Field({ description: 'Entity type as registered (类型), e.g. "有限责任公司(自然人投资或控股)".' })
  entityType!: string;

  @Field(() => PersonRef, { description: 'Legal representative (法定代表人).' })
  legalRepresentative!: PersonRef;

  @Field(() => Float, { description: 'Registered (subscribed) capital (注册资本) in CNY.' })
  registeredCapitalCny!: number;

  @Field(() => GraphQLLocalDate, { description: 'Date of establishment (成立日期).' })
  establishedOn!: string;

  @Field(() => MarketRegistrationStatus)
  status!: MarketRegistrationStatus;

  @Field({ description: 'Registered address (住所).' })
  address!: string;

  @Field({ description: 'Business scope (经营范围) as registered.' })
  businessScope!: string;

  @Field({ description: 'Registration authority (登记机关).' })
  registrationAuthority!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Legacy 15-digit business registration number (工商注册号) with its ISO 7064 MOD 11,10 check digit; ' +
      'null for entities first registered after the 2015-2016 merger of certificates, which only ever had a USCC.',
  })
  registrationNo!: string | null;

  @Field(() => Provenance)
  provenance!: Provenance;
}
