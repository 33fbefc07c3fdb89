import { Field, Int, ObjectType } from 'type-graphql';
import { Provenance } from '../../shared/types/provenance.type';
import { ChargingMode } from './enums';

/** The 2019 opinions cap one charge at 60 lessons or 3 months; `compliant` says whether this rule keeps to it. */
export const MAX_LESSONS_PER_CHARGE = 60;
export const MAX_MONTHS_PER_CHARGE = 3;

@ObjectType({ description: 'How the institution charges: at most 60 lessons or 3 months per charge.' })
export class FeeRule {
  @Field(() => ChargingMode)
  chargingMode!: ChargingMode;

  @Field(() => Int)
  maxLessonsPerCharge!: number;

  @Field(() => Int)
  maxMonthsPerCharge!: number;

  @Field()
  refundPolicy!: string;

  @Field(() => Provenance)
  provenance!: Provenance;
}
