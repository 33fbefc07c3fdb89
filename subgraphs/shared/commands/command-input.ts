import { Field, InputType, Int } from 'type-graphql';

/** What every command carries, whatever its machine. */
@InputType()
export abstract class CommandInput {
  @Field({ description: 'Chosen by the caller, 8-128 characters; sending the same key again returns the first answer and changes nothing.' })
  idempotencyKey!: string;

  @Field(() => Int, { description: 'The version of the record the caller last read (0 for a record the command creates); a stale one is CONFLICT.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'The legal basis of the decision (article, instrument); required where the machine says so.' })
  legalBasis?: string | null;

  @Field(() => String, { nullable: true, description: 'Number of the decision document (决定书文号); required where the machine says so.' })
  decisionDocNo?: string | null;
}
