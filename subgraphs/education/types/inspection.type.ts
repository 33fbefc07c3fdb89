import { Directive, Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Provenance } from '../../shared/types/provenance.type';
import { requiresScopes } from '../../shared/requirements';
import { InspectionResult } from './enums';

@ObjectType({ description: 'An inspection by the education authority.' })
@Directive(requiresScopes(['education:inspection:read']))
export class Inspection {
  @Field()
  id!: string;

  @Field(() => GraphQLLocalDate)
  inspectedOn!: string;

  @Field({ description: 'ROUTINE, SPOT_CHECK or COMPLAINT_DRIVEN.' })
  kind!: string;

  @Field(() => InspectionResult)
  result!: InspectionResult;

  @Field()
  findings!: string;

  @Field(() => Provenance)
  provenance!: Provenance;
}
