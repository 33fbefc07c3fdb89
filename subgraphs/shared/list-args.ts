import { ArgsType, Field, Int } from 'type-graphql';
import { badUserInput } from './errors';

/** The most rows any list field returns at once; larger requests are refused, not truncated. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_NESTED_LIST_SIZE = 20;

@ArgsType()
export class NestedListArgs {
  @Field(() => Int, { defaultValue: DEFAULT_NESTED_LIST_SIZE, description: `At most ${MAX_PAGE_SIZE}.` })
  first: number = DEFAULT_NESTED_LIST_SIZE;
}

/** Checks a page size argument, naming it in the error. */
export function assertPageSize(first: number, argument = 'first'): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`${argument} must be an integer from 0 to ${MAX_PAGE_SIZE}, got ${first}`, { argument });
  }
  return first;
}

/** The first `first` rows of a nested list, after checking the argument. */
export function firstRows<T>(rows: readonly T[], first: number): T[] {
  return rows.slice(0, assertPageSize(first));
}
