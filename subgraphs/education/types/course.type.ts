import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Provenance } from '../../shared/types/provenance.type';
import { CourseReviewStatus } from './enums';

@ObjectType()
export class Course {
  @Field()
  id!: string;

  @Field()
  title!: string;

  @Field()
  subject!: string;

  @Field({ description: 'Grades the course is for, e.g. "G1-G3", "ADULT".' })
  gradeBand!: string;

  @Field(() => Float, { description: 'Price of the whole course in CNY.' })
  priceCny!: number;

  @Field(() => Int)
  lessons!: number;

  @Field(() => CourseReviewStatus, { description: 'Content review by the education authority.' })
  reviewStatus!: CourseReviewStatus;

  @Field(() => Provenance)
  provenance!: Provenance;
}
