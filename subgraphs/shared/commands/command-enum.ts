import { registerEnumType } from 'type-graphql';
import { machine } from './state-machine';

/**
 * The commands of a machine as a GraphQL enum, read from rules/machines.json so the schema and
 * the rules cannot drift; commands no mutation offers, and those another mutation makes
 * (`madeElsewhere`), are left out.
 */
export function commandEnum(machineName: string, enumName: string, madeElsewhere: readonly string[] = []): Record<string, string> {
  const commands = [...machine(machineName).transitions.values()].filter((t) => !t.internal && !madeElsewhere.includes(t.command)).map((t) => t.command);
  const values = Object.fromEntries(commands.map((c) => [c, c]));
  registerEnumType(values, { name: enumName, description: `Commands of ${machineName} (rules/machines.json).` });
  return values;
}
