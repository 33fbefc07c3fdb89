import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../../common/project-root';
import { GATEWAY_ERROR_CODES } from '../../../../gateway/errors/error-catalogue';

describe('the error catalogue', () => {
  it('is exactly the table of error codes in the README', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Error codes'));
    const table = section.split('\n').filter((line) => line.startsWith('| `'));
    const documented = table.flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]));
    expect(documented.sort()).toEqual(Object.keys(GATEWAY_ERROR_CODES).sort());
  });
});
