import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { Provenance } from '../../shared/types/provenance.type';
import { requiresScopes } from '../../shared/requirements';
import { BusinessSystemKind } from './enums';

@ObjectType({ description: 'A website, app or mini-program through which the institution teaches or sells.' })
@Directive(requiresScopes(['education:system:read']))
export class BusinessSystem {
  @Field(() => BusinessSystemKind)
  kind!: BusinessSystemKind;

  @Field()
  name!: string;

  @Field()
  url!: string;

  @Field({ description: 'ICP filing number (ICP备案号).' })
  icpFilingNo!: string;

  @Field(() => String, { nullable: true, description: 'Value-added telecom licence (ICP许可证) number, when held.' })
  telecomLicenceNo!: string | null;

  @Field(() => Int, { description: 'Classified-protection level of the network-security filing (1-5).' })
  @Directive(requiresScopes(['education:netsec:read']))
  securityLevel!: number;

  @Field(() => String, { nullable: true, description: 'Network-security level filing number (等保备案号).' })
  @Directive(requiresScopes(['education:netsec:read']))
  securityFilingNo!: string | null;

  @Field(() => Provenance)
  provenance!: Provenance;
}
