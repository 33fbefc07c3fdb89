import { Directive, Field, Float, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Provenance } from '../../shared/types/provenance.type';
import { requiresScopes } from '../../shared/requirements';
import { CustodyMode } from './enums';

/**
 * Share of the prepaid fees outstanding that the supervised balance must cover, by mode. Bank
 * custody holds every prepaid yuan until the lesson is delivered, so it must cover all of it; a
 * risk reserve is a deposit against a share. The 2021 notice leaves the reserve share to local
 * rules; 20% is this platform's supervision line. shortfallCny = max(0, outstanding × ratio − balance).
 */
export const REQUIRED_COVERAGE_RATIO: Readonly<Record<CustodyMode, number>> = Object.freeze({
  [CustodyMode.BANK_CUSTODY]: 1,
  [CustodyMode.RISK_RESERVE]: 0.2,
});

export const CUSTODY_SCOPE = 'finance:custody:read';

@ObjectType({
  description:
    'The prepaid-fee supervision arrangement. Mode and custody bank are public (parents check them); amounts and the account need finance:custody:read.',
})
export class PrepaidCustody {
  @Field(() => CustodyMode)
  mode!: CustodyMode;

  @Field({ description: 'Bank branch holding the custody or risk-reserve account, e.g. 招商银行北京海淀支行.' })
  custodyBankName!: string;

  @Field({ description: 'Dedicated account number, masked as "6222 **** **** 1234"; the full number is never stored.' })
  @Directive(requiresScopes([CUSTODY_SCOPE]))
  accountNoMasked!: string;

  @Field(() => Float, { nullable: true, description: 'Risk reserve committed under RISK_RESERVE; null under BANK_CUSTODY.' })
  @Directive(requiresScopes([CUSTODY_SCOPE]))
  reserveAmountCny!: number | null;

  @Field(() => Float, { description: 'Balance of the supervised account on balancesAsOf.' })
  @Directive(requiresScopes([CUSTODY_SCOPE]))
  balanceCny!: number;

  @Field(() => Float, { description: 'Prepaid fees received for lessons not yet delivered, on balancesAsOf.' })
  @Directive(requiresScopes([CUSTODY_SCOPE]))
  prepaidFeesOutstandingCny!: number;

  @Field(() => Float, { description: 'Required coverage of the outstanding fees for this mode: 1.0 bank custody, 0.2 risk reserve.' })
  requiredRatio!: number;

  @Field(() => Float, { description: 'max(0, prepaidFeesOutstandingCny × requiredRatio − balanceCny), rounded to the fen.' })
  @Directive(requiresScopes([CUSTODY_SCOPE]))
  shortfallCny!: number;

  @Field({ description: 'True when shortfallCny is 0.' })
  @Directive(requiresScopes([CUSTODY_SCOPE]))
  compliant!: boolean;

  @Field(() => GraphQLLocalDate, { description: 'Date of the bank statement the amounts are taken from.' })
  @Directive(requiresScopes([CUSTODY_SCOPE]))
  balancesAsOf!: string;

  @Field(() => Provenance)
  provenance!: Provenance;
}
