import type { Feature } from './scenario';

const VERDICTS = {
  right: 'right',
  'wrong-fixed': 'wrong, fixed here',
  'wrong-unfixed': 'wrong, not fixed',
  'differs-by-design': 'differs by design',
} as const;

/** The README's scenario table, one row per scenario, as the suite defines them. */
export function scenarioRows(features: readonly Feature[]): string[] {
  return features.flatMap((feature) =>
    feature.scenarios.map((scenario) => `| \`${feature.name}\` | ${scenario.name} | ${VERDICTS[scenario.library?.verdict ?? 'right']} |`),
  );
}
