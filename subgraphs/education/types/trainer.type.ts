import { Directive, Field, ObjectType } from 'type-graphql';
import { Provenance } from '../../shared/types/provenance.type';
import { requiresScopes } from '../../shared/requirements';

@ObjectType({ description: 'A trainer as published: name and qualification; identity only as a keyed hash.' })
export class Trainer {
  @Field()
  id!: string;

  @Field()
  displayName!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Teacher qualification certificate number; null means the trainer holds none.',
  })
  certificateNo!: string | null;

  @Field(() => [String])
  subjects!: string[];

  @Field({ description: 'HMAC-SHA256 of the resident ID number under the platform key, hex.' })
  @Directive(requiresScopes(['education:trainer-identity:read']))
  idHash!: string;

  @Field(() => Provenance)
  provenance!: Provenance;
}
