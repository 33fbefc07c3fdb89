import { Directive, Field, Float, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Provenance } from '../../shared/types/provenance.type';
import { requiresScopes } from '../../shared/requirements';
import { IpPledgeStatus, IpRightKind } from './enums';

@ObjectType({ description: 'A pledge of a patent or trademark as loan security (知识产权质押登记): a financial relationship.' })
@Directive(requiresScopes(['ip:pledge:read']))
export class IpPledge {
  @Field()
  id!: string;

  @Field(() => IpRightKind)
  rightKind!: IpRightKind;

  @Field({ description: 'Register number of the pledged right: patent application number or trademark registration number.' })
  rightNo!: string;

  @Field({ description: 'Title of the pledged right at registration (patent title or mark text).' })
  rightTitle!: string;

  @Field({ description: 'The pledgee (质权人), usually a bank branch.' })
  pledgee!: string;

  @Field(() => Float, { description: 'Secured amount (担保金额) in CNY.' })
  amountCny!: number;

  @Field(() => GraphQLLocalDate)
  registeredOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'De-registration (注销) date, once released or enforced.' })
  endedOn!: string | null;

  @Field(() => IpPledgeStatus)
  status!: IpPledgeStatus;

  @Field(() => Provenance)
  provenance!: Provenance;
}
