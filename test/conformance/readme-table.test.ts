import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../common/project-root';
import { FEATURES } from './features';
import { scenarioRows } from './harness/readme-table';

describe('the README', () => {
  it('lists every conformance scenario with its verdict on @apollo/gateway', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Conformance'));
    const rows = section.slice(0, section.indexOf('\n## ', 3) === -1 ? undefined : section.indexOf('\n## ', 3)).split('\n').filter((line) => line.startsWith('| `'));
    // On a mismatch, the expected rows are the table to paste into the README.
    expect(rows.join('\n')).toBe(scenarioRows(FEATURES).join('\n'));
  });

  it('counts at least 40 scenarios', () => {
    expect(scenarioRows(FEATURES).length).toBeGreaterThanOrEqual(40);
  });
});
