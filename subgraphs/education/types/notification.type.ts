import { Directive, Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Provenance } from '../../shared/types/provenance.type';
import { requiresScopes } from '../../shared/requirements';
import { NotificationKind } from './enums';

@ObjectType({ description: 'A notice the education authority issued to the institution.' })
@Directive(requiresScopes(['education:notification:read']))
export class Notification {
  @Field()
  id!: string;

  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field()
  documentNo!: string;

  @Field()
  title!: string;

  @Field(() => GraphQLLocalDate)
  issuedOn!: string;

  @Field(() => Provenance)
  provenance!: Provenance;
}
