import { Directive, Field, Float, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Provenance } from '../../shared/types/provenance.type';
import { requiresScopes } from '../../shared/requirements';
import { CustodyMode } from './enums';
import { Institution } from './institution.type';
import { CUSTODY_SCOPE } from './prepaid-custody.type';

@ObjectType({ description: 'An institution whose supervised balance does not cover the required share of its prepaid fees.' })
@Directive(requiresScopes([CUSTODY_SCOPE]))
export class CustodyShortfall {
  @Field(() => Institution)
  institution!: Institution;

  @Field(() => CustodyMode)
  mode!: CustodyMode;

  @Field()
  custodyBankName!: string;

  @Field(() => Float)
  balanceCny!: number;

  @Field(() => Float)
  prepaidFeesOutstandingCny!: number;

  @Field(() => Float)
  requiredRatio!: number;

  @Field(() => Float, { description: 'max(0, prepaidFeesOutstandingCny × requiredRatio − balanceCny); always > 0 here.' })
  shortfallCny!: number;

  @Field(() => GraphQLLocalDate)
  balancesAsOf!: string;

  @Field(() => Provenance)
  provenance!: Provenance;
}
