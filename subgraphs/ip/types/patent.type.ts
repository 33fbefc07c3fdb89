import { Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { PersonRef } from '../../shared/types/person-ref.type';
import { PatentLegalStatus, PatentType } from './enums';
import { IntellectualPropertyRight } from './intellectual-property-right.type';

@ObjectType({
  implements: IntellectualPropertyRight,
  description: 'A patent application or granted patent (专利), as published by CNIPA.',
})
export class Patent extends IntellectualPropertyRight {
  @Field({ description: 'Application number with its check character, e.g. CN202310123456.7; the patent number is "ZL" + the same digits.' })
  applicationNo!: string;

  @Field(() => PatentType)
  type!: PatentType;

  @Field({ description: 'IPC class for inventions and utility models (e.g. "G09B 5/06"), Locarno class for designs (e.g. "14-04").' })
  classification!: string;

  @Field(() => [PersonRef], { description: 'Inventors or designers as published on the patent document (natural persons).' })
  inventors!: PersonRef[];

  @Field(() => GraphQLLocalDate)
  filedOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Publication of an invention application (发明公布), usually 18 months after filing.' })
  publishedOn!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Grant announcement date (授权公告日).' })
  grantedOn!: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'End of the statutory term (20 years invention, 10 utility model, 10 or 15 design); null until granted.' })
  termEndsOn!: string | null;

  @Field(() => PatentLegalStatus)
  legalStatus!: PatentLegalStatus;
}
