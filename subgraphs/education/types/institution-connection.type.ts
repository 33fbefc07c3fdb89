import { Field, ObjectType } from 'type-graphql';
import { Institution } from './institution.type';

@ObjectType()
export class InstitutionEdge {
  @Field({ description: 'Opaque; pass as `after` to continue after this institution.' })
  cursor!: string;

  @Field(() => Institution)
  node!: Institution;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType({ description: 'A page of institutions in USCC order.' })
export class InstitutionConnection {
  @Field(() => [InstitutionEdge])
  edges!: InstitutionEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
