import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { requiresScopes } from '../../shared/requirements';
import { CreditAuthority } from './credit-authority.type';
import { CreditRecord } from './credit-record.type';
import { CreditRecordKind, CreditRepairOutcome } from './enums';

@ObjectType({
  implements: CreditRecord,
  description:
    'A credit-repair (信用修复, NDRC Order 58) decision about another record. publicityStatus REVOKED means the repair ' +
    'decision itself was revoked (e.g. the commitment behind it proved untrue).',
})
@Directive(requiresScopes(['credit:repair:read']))
export class CreditRepairRecord extends CreditRecord {
  @Field(() => ID, { description: 'Id of the repaired record (a CreditRecord id).' })
  repairedRecordId!: string;

  @Field(() => CreditRecordKind)
  repairedRecordKind!: CreditRecordKind;

  @Field({ description: 'Document number of the repaired decision or listing.' })
  repairedDocNo!: string;

  @Field(() => GraphQLLocalDate)
  appliedOn!: string;

  @Field(() => GraphQLLocalDate, { description: 'Day the repair application was decided.' })
  decidedOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Repair date: the day the record was withdrawn; null when rejected.' })
  repairedOn!: string | null;

  @Field(() => CreditAuthority, { description: 'Authority that handled the repair.' })
  authority!: CreditAuthority;

  @Field(() => CreditRepairOutcome)
  outcome!: CreditRepairOutcome;

  @Field({ description: 'What the applicant did to repair (履行义务、提交承诺书、参加培训 …) or why it was refused.' })
  remarks!: string;
}
