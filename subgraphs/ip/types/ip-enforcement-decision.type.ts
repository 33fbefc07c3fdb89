import { Field, Float, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Provenance } from '../../shared/types/provenance.type';
import { PublicityStatus } from '../../shared/types/publicity-status';
import { IpEnforcementCaseKind, IpEnforcementOutcome } from './enums';

@ObjectType({
  description:
    'An administrative IP enforcement decision (penalty or infringement ruling) in the 双公示 format. Public while ACTIVE ' +
    'inside its publicity window; other rows reach only callers holding ip:credit:read.',
})
export class IpEnforcementDecision {
  @Field()
  id!: string;

  @Field({ description: 'Decision document number (决定书文号).' })
  documentNo!: string;

  @Field(() => IpEnforcementCaseKind)
  caseKind!: IpEnforcementCaseKind;

  @Field({ description: 'The deciding authority.' })
  authority!: string;

  @Field(() => GraphQLLocalDate)
  decidedOn!: string;

  @Field({ description: 'Facts of the violation, as published.' })
  facts!: string;

  @Field(() => IpEnforcementOutcome)
  outcome!: IpEnforcementOutcome;

  @Field(() => Float, { nullable: true, description: 'Fine in CNY; null when none was imposed.' })
  fineCny!: number | null;

  @Field(() => Float, { nullable: true, description: 'Illegal gains confiscated (没收违法所得) in CNY.' })
  confiscatedCny!: number | null;

  @Field(() => PublicityStatus)
  publicityStatus!: PublicityStatus;

  @Field(() => GraphQLLocalDate)
  publicityStart!: string;

  @Field(() => GraphQLLocalDate, { nullable: true })
  publicityEnd!: string | null;

  @Field(() => Provenance)
  provenance!: Provenance;
}
