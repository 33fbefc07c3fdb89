import { Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Provenance } from '../../shared/types/provenance.type';

@ObjectType({ description: 'An administrative licence the enterprise holds, as published on GSXT (行政许可信息).' })
export class MarketLicence {
  @Field()
  id!: string;

  @Field({ description: 'Licence name (许可证书名称), e.g. "增值电信业务经营许可证".' })
  licenceName!: string;

  @Field({ description: 'Licence number (许可编号).' })
  licenceNo!: string;

  @Field({ description: 'Issuing authority (许可机关).' })
  issuingAuthority!: string;

  @Field(() => GraphQLLocalDate)
  validFrom!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Null for a licence without an end date.' })
  validTo!: string | null;

  @Field(() => Provenance)
  provenance!: Provenance;
}
