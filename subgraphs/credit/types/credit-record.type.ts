import { Field, ID, InterfaceType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Provenance } from '../../shared/types/provenance.type';
import { PublicityStatus } from '../../shared/types/publicity-status';
import { CreditRecordKind } from './enums';
import { Institution } from './institution.type';

/** GraphQL type name of each record kind; rows carry `recordKind`, which is how the interface resolves. */
export const CREDIT_RECORD_TYPE_NAMES: Readonly<Record<CreditRecordKind, string>> = {
  [CreditRecordKind.LICENCE]: 'CreditLicence',
  [CreditRecordKind.PENALTY]: 'CreditPenalty',
  [CreditRecordKind.DISHONESTY_LISTING]: 'CreditDishonestyListing',
  [CreditRecordKind.INCENTIVE_LISTING]: 'CreditIncentiveListing',
  [CreditRecordKind.JUDGMENT_DEFAULTER]: 'CreditJudgmentDefaulter',
  [CreditRecordKind.COMMITMENT]: 'CreditCommitment',
  [CreditRecordKind.REPAIR]: 'CreditRepairRecord',
};

@InterfaceType({
  description:
    'Any record on the national credit-information sharing platform (信用中国). Every record has a publicity life: ' +
    'penalties, dishonesty entries and judgment-defaulter records are public only while ACTIVE and inside their window.',
  resolveType: (value: { recordKind?: CreditRecordKind }) =>
    value.recordKind === undefined ? undefined : CREDIT_RECORD_TYPE_NAMES[value.recordKind],
})
export abstract class CreditRecord {
  @Field(() => ID, { description: 'Stable id: the institution\'s USCC, a kind code and a sequence, e.g. "…-PEN-01".' })
  id!: string;

  @Field(() => Institution, { description: 'The institution the record is about.' })
  institution!: Institution;

  @Field(() => PublicityStatus)
  publicityStatus!: PublicityStatus;

  @Field(() => GraphQLLocalDate, { description: 'First day of publicity.' })
  publicityStart!: string;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: 'Last day of publicity: the planned end, or the day it was withdrawn, expired or revoked; null when open-ended.',
  })
  publicityEnd!: string | null;

  @Field(() => Provenance)
  provenance!: Provenance;
}
