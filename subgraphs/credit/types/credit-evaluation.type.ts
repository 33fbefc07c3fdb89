import { Directive, Field, Float, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { requiresScopes } from '../../shared/requirements';

export const IDENTITY_SCOPE = 'education:trainer-identity:read';

@ObjectType({ description: 'One fact the grade weighed, shown only to callers who may see the record behind it.' })
export class CreditFactor {
  @Field({ description: 'The agency holding the record: education, market, finance, ip or credit.' })
  agency!: string;

  @Field({ description: 'The indicator, e.g. PENALTY_GENERAL or COMPLAINT_REFUND (rules/credit-scheme.json).' })
  fact!: string;

  @Field()
  label!: string;

  @Field({ description: 'The record as its agency names it (id or document number).' })
  recordRef!: string;

  @Field({ description: 'When the agency recorded it.' })
  asOf!: string;

  @Field(() => Float, { description: 'What one occurrence of the indicator weighs.' })
  weight!: number;

  @Field(() => Float, { description: 'What this fact added to the score (less than the weight once the indicator reaches its cap).' })
  contribution!: number;
}

@ObjectType({ description: 'A trainer whose keyed identity hash matches a list entry of the credit platform.' })
@Directive(requiresScopes([IDENTITY_SCOPE]))
export class StaffCreditFlag {
  @Field()
  trainerId!: string;

  @Field()
  displayName!: string;

  @Field({ description: 'STAFF_BLACK (从业人员黑名单) or JUDGMENT_DEFAULTER (失信被执行人).' })
  list!: string;

  @Field({ description: 'The list entry on the credit platform.' })
  recordRef!: string;

  @Field()
  listingAuthority!: string;

  @Field()
  legalBasis!: string;

  @Field(() => GraphQLLocalDate)
  listedOn!: string;
}

@ObjectType({
  description:
    'Public credit evaluation (公共信用综合评价), computed from every agency\'s facts under a versioned scheme. Grade and score are ' +
    'public; each factor appears only to callers who may see the fact behind it.',
})
export class CreditEvaluation {
  @Field({ description: 'A, B, C or D under the scheme in force.' })
  grade!: string;

  @Field({ description: '优, 良, 中 or 差.' })
  gradeMeaning!: string;

  @Field(() => Float)
  score!: number;

  @Field({ description: 'Version of rules/credit-scheme.json the grade was computed under.' })
  scheme!: string;

  @Field({ description: 'verified, or unverified where the scheme rests on this project\'s proposal.' })
  schemeStatus!: string;

  @Field(() => GraphQLLocalDate, { description: 'The evaluation day: windows and lookbacks are counted to it.' })
  asOf!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'SHA-256 over every input (agency, fact, record, as-of), so the grade can be reproduced; null unless the caller may see every ' +
      'indicator the scheme has (whether hidden facts exist is never shown).',
  })
  inputsHash!: string | null;

  @Field(() => [CreditFactor], { description: 'The factors this caller may see, by indicator, newest first.' })
  factors!: CreditFactor[];

  @Field(() => [StaffCreditFlag], { nullable: true, description: 'Trainers on the staff black list or judgment defaulters; needs the identity scope (null otherwise).' })
  @Directive(requiresScopes([IDENTITY_SCOPE]))
  staffFlags!: StaffCreditFlag[];
}
