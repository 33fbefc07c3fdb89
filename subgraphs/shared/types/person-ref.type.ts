import { Directive, Field, ObjectType } from 'type-graphql';
import { requiresScopes } from '../requirements';

/**
 * A natural person as other agencies may see them: a display name and a keyed hash of the
 * resident ID number. The number itself never leaves the subgraph that holds it.
 */
@ObjectType({ description: 'A natural person: display name and a keyed hash of their resident ID number.' })
@Directive('@shareable')
export class PersonRef {
  @Field()
  displayName!: string;

  @Field({ description: 'HMAC-SHA256 of the resident ID number under the platform key, hex.' })
  @Directive(requiresScopes(['person:identity:read']))
  idHash!: string;
}
