import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, stopProcess } from '../../../scripts/stack';

describe('startProcess: a child counts as started once it prints where it listens', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'start-process-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const script = (name: string, code: string) => {
    const file = join(dir, name);
    writeFileSync(file, code);
    return file;
  };

  it('is started even when this process was too busy to read its line before the deadline', async () => {
    const marker = join(dir, 'printed');
    // Node writes to a pipe synchronously on Linux: once the marker exists, the line is in the pipe.
    const listens = script('listens.js', `console.log('demo listening on http://127.0.0.1:1/graphql');
      require('node:fs').writeFileSync(${JSON.stringify(marker)}, '');
      setInterval(() => {}, 60000);`);
    const starting = startProcess('demo', listens, [], {}, false, 300);
    // This process stays busy past the deadline while the child's line waits in the pipe: the
    // timer's turn comes before the pipe's, yet the child did start in time.
    const deadline = Date.now() + 300;
    while (Date.now() < deadline + 200 || (!existsSync(marker) && Date.now() < deadline + 20_000)) {
      // busy (bounded, should the child never get there)
    }
    const running = await starting;
    expect(running.url).toBe('http://127.0.0.1:1');
    await stopProcess(running);
  });

  it('fails a child that never says where it listens, naming how it stood', async () => {
    const silent = script('silent.js', 'setInterval(() => {}, 60000);');
    const error: Error = await startProcess('mute', silent, [], {}, false, 300).then(() => new Error('started'), (e: Error) => e);
    expect(error.message).toMatch(/^mute did not start within 300 ms \(the timer fired \d+ ms late\):/);
    // Its main thread, idle in the kernel's event wait, is described.
    expect(error.message).toMatch(/its threads then:\n {2}thread \d+ node: state S, CPU/);
  });
});
