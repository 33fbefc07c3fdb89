import { Field, InputType } from 'type-graphql';
import { FilingListStatus } from './enums';

@InputType()
export class InstitutionFilter {
  @Field(() => String, {
    nullable: true,
    description: 'GB/T 2260 code: a province (e.g. 110000), a city (440300) or a district (440305).',
  })
  region?: string | null;

  @Field(() => FilingListStatus, { nullable: true })
  filingStatus?: FilingListStatus | null;

  @Field(() => String, { nullable: true, description: 'Part of the name, at least 2 characters.' })
  nameContains?: string | null;
}
