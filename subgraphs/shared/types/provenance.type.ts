import { Directive, Field, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';

/** Where a record comes from; every agency record carries one. */
@ObjectType({ description: 'Where a record comes from: the holding agency, its system and the time the data is valid for.' })
@Directive('@shareable')
export class Provenance {
  @Field({ description: 'Name of the agency that holds the record.' })
  sourceAgency!: string;

  @Field({ description: 'The agency system the record was taken from.' })
  sourceSystem!: string;

  @Field(() => GraphQLDateTime, { description: 'Time the record was last confirmed by its source.' })
  asOf!: Date;
}
