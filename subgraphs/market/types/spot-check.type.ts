import { Field, ObjectType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Provenance } from '../../shared/types/provenance.type';
import { MarketSpotCheckResult } from './enums';

@ObjectType({ description: 'A published spot check (抽查检查结果信息), mostly from 双随机、一公开 random inspections.' })
export class MarketSpotCheck {
  @Field()
  id!: string;

  @Field(() => GraphQLLocalDate, { description: 'Date of the check (检查日期).' })
  checkedOn!: string;

  @Field({ description: 'Inspecting authority (检查实施机关).' })
  authority!: string;

  @Field({ description: 'Inspection task (抽查任务名称).' })
  taskName!: string;

  @Field(() => MarketSpotCheckResult)
  result!: MarketSpotCheckResult;

  @Field(() => Provenance)
  provenance!: Provenance;
}
