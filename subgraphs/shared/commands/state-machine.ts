import { badUserInput } from '../errors';
import { ACTING_LEVELS, type ActingLevel } from './actor';
import { readRulesFile, record, RulesError, stringList, deepFreeze } from './rules';

/** A field the law needs on a transition; the runner refuses the command without it. */
export type RequiredField = 'legalBasis' | 'decisionDocNo';
const REQUIRABLE = new Set<RequiredField>(['legalBasis', 'decisionDocNo']);

export interface Transition {
  readonly command: string;
  readonly from: readonly string[];
  readonly to: string;
  readonly requires: readonly RequiredField[];
  /** Who may take it: officers of these administrative levels (or PUBLIC, a caller without a token). Empty only for internal transitions. */
  readonly levels: readonly ActingLevel[];
  /** Why this transition rests on an inference rather than a confirmed rule; absent when confirmed. */
  readonly unverified?: string;
  /** Set when no mutation offers the command (the seed and systems outside this API make it); says why. */
  readonly internal?: string;
  /** `"by": "ISSUER"`: only the body that created the record (the actor of its first event) takes this step. */
  readonly issuerOnly?: true;
}

export interface Machine {
  readonly name: string;
  readonly agency: string;
  readonly recordKind: string;
  /** The state of a record that does not exist yet; commands from it create the record. */
  readonly initial: string;
  readonly states: readonly string[];
  readonly transitions: ReadonlyMap<string, Transition>;
}

/** Parses `rules/machines.json`: every state named, every transition from and to a known state. */
export function parseMachines(raw: unknown): ReadonlyMap<string, Machine> {
  const machines = new Map<string, Machine>();
  for (const [name, value] of Object.entries(record(record(raw, 'machines.json').machines, 'machines.json machines'))) {
    const where = `machines.json ${name}`;
    const entry = record(value, where);
    const states = stringList(entry.states, `${where}.states`);
    const initial = String(entry.initial);
    if (!states.includes(initial)) throw new RulesError(`${where}: initial state '${initial}' is not one of its states`);
    const transitions = new Map<string, Transition>();
    for (const [command, t] of Object.entries(record(entry.transitions, `${where}.transitions`))) {
      const spec = record(t, `${where}.${command}`);
      const from = stringList(spec.from, `${where}.${command}.from`);
      const to = String(spec.to);
      for (const state of [...from, to]) if (!states.includes(state)) throw new RulesError(`${where}.${command}: unknown state '${state}'`);
      const requires = stringList(spec.requires ?? [], `${where}.${command}.requires`);
      for (const field of requires) if (!REQUIRABLE.has(field as RequiredField)) throw new RulesError(`${where}.${command}: cannot require '${field}'`);
      const internal = typeof spec.internal === 'string';
      // Deny by default: a command nobody is named for would be refused to everyone, so say so at boot.
      const levels = internal && spec.levels === undefined ? [] : stringList(spec.levels, `${where}.${command}.levels`);
      if (!internal && levels.length === 0) throw new RulesError(`${where}.${command}.levels must name at least one of ${ACTING_LEVELS.join(', ')}`);
      for (const level of levels) {
        if (!ACTING_LEVELS.includes(level as ActingLevel)) throw new RulesError(`${where}.${command}.levels: unknown level '${level}' (one of ${ACTING_LEVELS.join(', ')})`);
      }
      if (spec.by !== undefined && spec.by !== 'ISSUER') throw new RulesError(`${where}.${command}.by: the one value known is 'ISSUER', got ${JSON.stringify(spec.by)}`);
      transitions.set(command, {
        command, from, to, requires: requires as RequiredField[], levels: levels as ActingLevel[],
        ...(spec.by === 'ISSUER' ? { issuerOnly: true as const } : {}),
        ...(typeof spec.unverified === 'string' ? { unverified: spec.unverified } : {}),
        ...(typeof spec.internal === 'string' ? { internal: spec.internal } : {}),
      });
    }
    machines.set(name, deepFreeze({ name, agency: String(entry.agency), recordKind: String(entry.recordKind), initial, states, transitions }));
  }
  return machines;
}

let loaded: ReadonlyMap<string, Machine> | undefined;

export function machine(name: string): Machine {
  loaded ??= parseMachines(readRulesFile('machines.json'));
  const found = loaded.get(name);
  if (!found) throw new RulesError(`machines.json has no machine '${name}'`);
  return found;
}

/** The commands the machine accepts in a state, in the order the rules list them. */
export function allowedCommands(m: Machine, state: string): string[] {
  return [...m.transitions.values()].filter((t) => t.from.includes(state) && !t.internal).map((t) => t.command);
}

/**
 * The transition a command makes from a state, or BAD_USER_INPUT naming the current state and
 * the commands it allows.
 */
export function planTransition(m: Machine, state: string, command: string): Transition {
  const transition = m.transitions.get(command);
  if (!transition || transition.internal) {
    throw badUserInput(`${m.name} has no command ${command}`, { reason: 'UNKNOWN_COMMAND', machine: m.name, command });
  }
  if (!transition.from.includes(state)) {
    const allowed = allowedCommands(m, state);
    throw badUserInput(
      `${command} is not allowed in state ${state}; ${state} allows ${allowed.length ? allowed.join(', ') : 'no command'}`,
      { reason: 'ILLEGAL_TRANSITION', machine: m.name, command, currentState: state, allowedCommands: allowed },
    );
  }
  return transition;
}
