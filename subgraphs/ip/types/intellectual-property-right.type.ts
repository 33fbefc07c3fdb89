import { Field, ID, InterfaceType } from 'type-graphql';
import { Provenance } from '../../shared/types/provenance.type';
import { IpRightKind, IpRightStatus } from './enums';
import { Institution } from './institution.type';

const TYPE_NAME_BY_KIND: Readonly<Record<IpRightKind, string>> = {
  [IpRightKind.PATENT]: 'Patent',
  [IpRightKind.TRADEMARK]: 'Trademark',
  [IpRightKind.SOFTWARE_COPYRIGHT]: 'SoftwareCopyright',
};

@InterfaceType({
  description: 'A patent, trademark or software copyright, whichever register it is entered in.',
  resolveType: (value: { rightKind: IpRightKind }) => TYPE_NAME_BY_KIND[value.rightKind],
})
export abstract class IntellectualPropertyRight {
  @Field(() => ID, { description: 'The register number: patent application number, trademark or software registration number.' })
  id!: string;

  @Field(() => IpRightKind)
  rightKind!: IpRightKind;

  @Field({ description: 'Patent title, mark text, or software name with version.' })
  title!: string;

  @Field(() => IpRightStatus, { description: 'The register-specific status, reduced to PENDING / IN_FORCE / ENDED.' })
  rightStatus!: IpRightStatus;

  @Field(() => Institution, { nullable: true, description: 'The institution holding the right (patentee, registrant, owner).' })
  holder!: Institution | null;

  @Field(() => Provenance)
  provenance!: Provenance;
}
