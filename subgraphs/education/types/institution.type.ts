import { Directive, Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { UsccScalar } from '../../../common/scalars/uscc.scalar';
import { Provenance } from '../../shared/types/provenance.type';
import { InstitutionKind } from './enums';

@ObjectType({ description: 'An online-education institution, as registered with the education authority.' })
@Directive('@key(fields: "uscc")')
export class Institution {
  @Field(() => UsccScalar)
  uscc!: string;

  @Field({ description: 'Name as filed with the education authority.' })
  name!: string;

  @Field({ description: 'GB/T 2260 code of the district where the institution is filed.' })
  regionCode!: string;

  @Field()
  regionName!: string;

  @Field(() => InstitutionKind)
  kind!: InstitutionKind;

  @Field(() => GraphQLLocalDate, { description: 'Date the institution entered the education registry.' })
  registeredOn!: string;

  @Field(() => Provenance)
  provenance!: Provenance;
}
