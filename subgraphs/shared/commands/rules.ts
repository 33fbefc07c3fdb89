import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../common/project-root';

/**
 * Reference data the commands run on: state machines, deadlines, publicity windows and the
 * working-day calendar. They live in `rules/` as JSON because much of it is unverified or changes
 * by instrument (a new holiday notice, a new credit-repair order): data, not code. Each file is
 * parsed once, checked, and frozen; a bad file stops the boot with a message naming the problem.
 */
export const RULES_DIR = join(PROJECT_ROOT, 'rules');

export class RulesError extends Error {
  readonly code = 'ERR_RULES_INVALID';
}

export function readRulesFile(name: string, dir: string = RULES_DIR): unknown {
  const file = name.startsWith('/') ? name : join(dir, name);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RulesError(`${file}: ${(error as Error).message}`);
  }
}

export function record(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RulesError(`${where} must be a JSON object`);
  return value as Record<string, unknown>;
}

export function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new RulesError(`${where} must be an array of strings`);
  return value as string[];
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isoDate(value: unknown, where: string): string {
  if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new RulesError(`${where} must be a YYYY-MM-DD date, instead got ${JSON.stringify(value)}`);
  }
  return value;
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
