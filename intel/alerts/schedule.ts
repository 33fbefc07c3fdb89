import type { FastifyBaseLogger } from 'fastify';
import { hasSavedState, type RiskEngine, type RunSummary } from './risk-engine';

export interface Schedule {
  stop(): void;
}

/**
 * Runs the engine on its schedule: at start the event cursors (moved to the feeds' head on the
 * very first start, as the full run covers the past) and a full run; then the feeds every
 * `eventPollS` and a full run every `fullRunIntervalS`. Runs never overlap (the engine queues
 * them); a failed run is logged and the next one tried on time.
 */
export function startSchedule(engine: RiskEngine, options: { fullRunIntervalS: number; eventPollS: number; stateFile: string | null }, log: FastifyBaseLogger): Schedule {
  const report = (summary: RunSummary) =>
    log.info({ kind: summary.kind, ruleVersion: summary.ruleVersion, institutions: summary.institutions, findings: summary.findings, raised: summary.raised, escalated: summary.escalated }, 'risk engine run');
  const guard = (what: string, run: () => Promise<unknown>) => () => {
    run().catch((error: Error) => log.error({ err: error }, `risk engine ${what} failed`));
  };
  const first = hasSavedState(options.stateFile) ? engine.runEvents().then(report) : engine.skipToHead();
  void first.then(() => engine.runFull()).then(report).catch((error: Error) => log.error({ err: error }, 'risk engine start-up run failed'));
  const full = setInterval(guard('full run', () => engine.runFull().then(report)), options.fullRunIntervalS * 1000);
  const poll = setInterval(guard('event run', () => engine.runEvents().then(report)), options.eventPollS * 1000);
  full.unref();
  poll.unref();
  return {
    stop() {
      clearInterval(full);
      clearInterval(poll);
    },
  };
}
