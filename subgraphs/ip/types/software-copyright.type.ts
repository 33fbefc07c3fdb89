import { Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { SoftwareCopyrightStatus } from './enums';
import { IntellectualPropertyRight } from './intellectual-property-right.type';

@ObjectType({
  implements: IntellectualPropertyRight,
  description: 'A computer-software copyright registration (计算机软件著作权登记) by the Copyright Protection Center of China.',
})
export class SoftwareCopyright extends IntellectualPropertyRight {
  @Field({ description: 'Registration number, e.g. 2023SR0123456.' })
  registrationNo!: string;

  @Field({ description: 'Full name of the software (软件全称).' })
  softwareName!: string;

  @Field(() => String, { nullable: true, description: 'Short name (软件简称), when registered.' })
  shortName!: string | null;

  @Field({ description: 'Version, e.g. V1.0.' })
  version!: string;

  @Field(() => GraphQLLocalDate, { description: 'Date development was completed (开发完成日期).' })
  completedOn!: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'First publication (首次发表日期); null when unpublished.' })
  firstPublishedOn!: string | null;

  @Field(() => GraphQLLocalDate)
  registeredOn!: string;

  @Field(() => SoftwareCopyrightStatus, { description: 'Named apart from Trademark.status so both can be selected in one ipRights query.' })
  registrationStatus!: SoftwareCopyrightStatus;
}
