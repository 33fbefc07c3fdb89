import { Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Provenance } from '../../shared/types/provenance.type';
import { FilingListStatus } from './enums';

@ObjectType({ description: 'Filing with the education authority and the school-running permit (办学许可证).' })
export class Filing {
  @Field({ description: 'Filing number on the national supervision platform.' })
  filingNo!: string;

  @Field(() => FilingListStatus, { nullable: true, description: 'The list the institution is on (machine B: WHITE, GREY while removed pending rectification, BLACK); null while on none.' })
  listStatus!: FilingListStatus | null;

  @Field(() => String, { nullable: true, description: 'School-running permit number; null when none was issued.' })
  permitNo!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  permitValidFrom!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  permitValidTo!: string | null;

  @Field()
  nonProfit!: boolean;

  @Field(() => GraphQLLocalDate)
  filedOn!: string;

  @Field(() => Provenance)
  provenance!: Provenance;
}
