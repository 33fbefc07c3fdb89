import { PublicityWindowed } from '../../shared/types/publicity-window.type';
import { Field, Float, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { IpEnforcementCaseKind, IpEnforcementOutcome } from './enums';

@ObjectType({
  description:
    'An administrative IP enforcement decision (penalty or infringement ruling) in the 双公示 format. Public while ACTIVE ' +
    'inside its publicity window; other rows reach only callers holding ip:credit:read.',
})
export class IpEnforcementDecision extends PublicityWindowed {
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
}
