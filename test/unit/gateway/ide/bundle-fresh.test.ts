import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../../common/project-root';

describe('the bundled pages under dist/ide and dist/report', () => {
  it('is what the current sources and locked packages build to (npm run build writes it)', () => {
    const check = spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist/scripts/build-ide.js'), '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/^dist\/ide is up to date \(graphiql\.js \d+ bytes, graphiql\.css \d+ bytes\)\ndist\/report is up to date \(report-charts\.js \d+ bytes\)\n$/);
    expect(check.status).toBe(0);
  });
});
