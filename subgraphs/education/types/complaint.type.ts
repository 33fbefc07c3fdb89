import { Directive, Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Provenance } from '../../shared/types/provenance.type';
import { requiresScopes } from '../../shared/requirements';
import { ComplaintCategory, ComplaintStatus } from './enums';

@ObjectType({ description: 'A complaint received about the institution (12345 hotline, platform, letters).' })
@Directive(requiresScopes(['education:complaint:read']))
export class Complaint {
  @Field()
  id!: string;

  @Field(() => ComplaintCategory)
  category!: ComplaintCategory;

  @Field(() => ComplaintStatus)
  status!: ComplaintStatus;

  @Field(() => GraphQLLocalDate)
  receivedOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  resolvedOn!: string | null;

  @Field({ description: 'What was complained about, without the complainant\'s identity.' })
  summary!: string;

  @Field(() => Provenance)
  provenance!: Provenance;
}
