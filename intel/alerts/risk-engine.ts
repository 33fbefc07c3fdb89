import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { chinaToday } from '../../common/china-day';
import { readRiskFacts, readRiskFactsOf, type InstitutionFacts } from '../facts/institution-facts';
import type { GatewayClient } from '../gateway/gateway-client';
import { evaluateRules } from '../rules/evaluate-rules';
import { ruleSetInForce, type RuleSet } from '../rules/risk-rules';
import { applyFinding, type Outcome } from './alert-writer';

/** What one run did, by rule: findings made, alerts raised or escalated, left as they were. */
export interface RunSummary {
  readonly kind: 'full' | 'events';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly ruleVersion: string;
  readonly institutions: number;
  readonly findings: number;
  readonly raised: number;
  readonly escalated: number;
  readonly unchanged: number;
  readonly byRule: Readonly<Record<string, { findings: number; raised: number; escalated: number; red: number; yellow: number }>>;
  /** The gateway request ids of the reads, where the audit log has them. */
  readonly readRequests: number;
}

export interface RiskEngineOptions {
  /** Reads through the gateway as the risk-early-warning consumer, purpose RISK_EARLY_WARNING. */
  readonly reader: GatewayClient;
  /** Where commands go: the gateway once it serves mutations (issue #8), until then the education subgraph. */
  readonly commands: GatewayClient;
  readonly ruleSets: readonly RuleSet[];
  /** Where the feed cursors are kept between runs (a JSON file), or null to keep them in memory. */
  readonly stateFile: string | null;
  readonly now?: () => Date;
  /** Pages and commands in flight at once. */
  readonly concurrency?: number;
}

interface EngineState {
  cursors: Record<string, string | null>;
}

/** The feeds whose events name institutions to look at again; alerts' own events are left out (they would chase themselves). */
const FEEDS = ['educationEvents', 'marketEvents', 'financeEvents'] as const;
const FEED_QUERY = (feed: string) => `query Feed($since: String) { ${feed}(since: $since, first: 100) { edges { node { type uscc } } hasNextPage endCursor } }`;

export interface RiskEngine {
  /** Every rule over every institution (of a region); one run at a time. */
  runFull(region?: string | null): Promise<RunSummary>;
  /** Reads the event feeds from their cursors and runs the rules again for the institutions they name. */
  runEvents(): Promise<RunSummary>;
  /** Moves the feed cursors to the head without evaluating (first start: the full run covers the past). */
  skipToHead(): Promise<void>;
  readonly lastRun: RunSummary | null;
}

export function createRiskEngine(options: RiskEngineOptions): RiskEngine {
  const now = options.now ?? (() => new Date());
  const concurrency = options.concurrency ?? 8;
  let state: EngineState = loadState(options.stateFile);
  let lastRun: RunSummary | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function evaluate(kind: RunSummary['kind'], batches: AsyncIterable<readonly InstitutionFacts[]>): Promise<RunSummary> {
    const started = now();
    const startedAt = started.toISOString();
    const today = chinaToday(started);
    const set = ruleSetInForce(options.ruleSets, today);
    const byRule: Record<string, { findings: number; raised: number; escalated: number; red: number; yellow: number }> = {};
    for (const rule of set.rules) byRule[rule.id] = { findings: 0, raised: 0, escalated: 0, red: 0, yellow: 0 };
    const totals = { institutions: 0, findings: 0, raised: 0, escalated: 0, unchanged: 0, reads: 0 };
    for await (const batch of batches) {
      totals.reads += 1;
      totals.institutions += batch.length;
      const work = batch.flatMap((facts) => evaluateRules(set, facts, today).map((finding) => ({ facts, finding })));
      for (let i = 0; i < work.length; i += concurrency) {
        const outcomes: Outcome[] = await Promise.all(work.slice(i, i + concurrency).map(({ facts, finding }) => applyFinding(options.commands, facts, finding, startedAt)));
        outcomes.forEach((outcome, k) => {
          const { finding } = work[i + k]!;
          const tally = byRule[finding.ruleId]!;
          tally.findings += 1;
          tally[finding.level === 'RED' ? 'red' : 'yellow'] += 1;
          totals.findings += 1;
          if (outcome === 'RAISED') (tally.raised += 1, (totals.raised += 1));
          else if (outcome === 'ESCALATED') (tally.escalated += 1, (totals.escalated += 1));
          else totals.unchanged += 1;
        });
      }
    }
    lastRun = {
      kind, startedAt, finishedAt: now().toISOString(), ruleVersion: set.version, institutions: totals.institutions, findings: totals.findings,
      raised: totals.raised, escalated: totals.escalated, unchanged: totals.unchanged, byRule, readRequests: totals.reads,
    };
    return lastRun;
  }

  async function* pages(region: string | null): AsyncGenerator<readonly InstitutionFacts[]> {
    for await (const page of readRiskFacts(options.reader, region)) yield page.institutions;
  }

  /** The institutions the feeds name since their cursors; the cursors move only once they are evaluated. */
  async function changedSinceCursors(): Promise<{ usccs: Set<string>; cursors: Record<string, string | null> }> {
    const usccs = new Set<string>();
    const cursors = { ...state.cursors };
    for (const feed of FEEDS) {
      for (;;) {
        const { data } = await options.reader.request<Record<string, { edges: { node: { type: string; uscc: string | null } }[]; hasNextPage: boolean; endCursor: string | null }>>(
          FEED_QUERY(feed), { since: cursors[feed] ?? null },
        );
        const page = data[feed]!;
        for (const { node } of page.edges) if (node.uscc && !node.type.startsWith('RISK_ALERT.')) usccs.add(node.uscc);
        if (page.endCursor) cursors[feed] = page.endCursor;
        if (!page.hasNextPage) break;
      }
    }
    return { usccs, cursors };
  }

  return {
    get lastRun() {
      return lastRun;
    },
    runFull: (region = null) => exclusive(() => evaluate('full', pages(region))),
    runEvents: () => exclusive(async () => {
      const { usccs, cursors } = await changedSinceCursors();
      const list = [...usccs].sort();
      async function* named(): AsyncGenerator<readonly InstitutionFacts[]> {
        for (let i = 0; i < list.length; i += concurrency) {
          const found = await Promise.all(list.slice(i, i + concurrency).map((uscc) => readRiskFactsOf(options.reader, uscc)));
          yield found.filter((f): f is InstitutionFacts => f !== null);
        }
      }
      const summary = await evaluate('events', named());
      state = { cursors };
      saveState(options.stateFile, state);
      return summary;
    }),
    skipToHead: () => exclusive(async () => {
      state = { cursors: (await changedSinceCursors()).cursors };
      saveState(options.stateFile, state);
    }),
  };
}

function loadState(file: string | null): EngineState {
  if (!file) return { cursors: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as EngineState;
    return { cursors: parsed.cursors ?? {} };
  } catch {
    return { cursors: {} };
  }
}

/** Written whole and renamed into place, so a crash leaves the old cursors or the new, never half. */
function saveState(file: string | null, state: EngineState): void {
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Whether the feed cursors were ever saved (a first start skips the past: the full run covers it). */
export function hasSavedState(file: string | null): boolean {
  if (!file) return false;
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
}
