/**
 * Fail closed, lose nothing: a writer SIGKILLed at any moment leaves a log that verifies and holds
 * every record it acknowledged. The writer runs compiled code from dist/ (`npm test` builds first).
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../../common/project-root';
import { verifyAuditLog } from '../../../../gateway/audit/verify-audit';
import { createTestDatabase, describePostgres } from '../../../helpers/postgres';
import { auditSandbox, expectWholeCalls } from './audit-fixture';

const WRITER = join(PROJECT_ROOT, 'dist/test/fixtures/audit-crash-writer.js');

function distIsStale(): boolean {
  if (!existsSync(WRITER)) return true;
  const built = statSync(WRITER).mtimeMs;
  const sources = [join(PROJECT_ROOT, 'test/fixtures/audit-crash-writer.ts'), ...readdirSync(join(PROJECT_ROOT, 'gateway/audit')).map((f) => join(PROJECT_ROOT, 'gateway/audit', f))];
  return sources.some((file) => statSync(file).mtimeMs > built);
}

/** Runs the writer until it has acknowledged at least `atLeast` more records, plus a random delay, then SIGKILLs it. */
function runAndKill(dir: string, atLeast: number, databaseUrl?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dir, ...(databaseUrl ? [databaseUrl] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let acknowledged = 0;
    let buffered = '';
    let stderr = '';
    let killing = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) acknowledged = Number(line);
      if (!killing && acknowledged >= atLeast) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 30);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acknowledged) : reject(new Error(`writer exited on its own: ${stderr}`))));
  });
}

(distIsStale() ? it.skip : it)('a writer killed mid-append leaves a log that verifies and lost nothing it acknowledged', async () => {
  const sandbox = auditSandbox();
  try {
    let acknowledgedTotal = 0;
    for (let round = 0; round < 4; round += 1) {
      // Each round reopens the crashed log: the store must accept it and chain on.
      acknowledgedTotal += await runAndKill(sandbox.dir, 200 + round * 100);
      const result = await verifyAuditLog(sandbox.location, sandbox.keys.publicJwk);
      expect(result).toMatchObject({ ok: true });
      if (result.ok) expect(result.records).toBeGreaterThanOrEqual(acknowledgedTotal);
      // Re-base on what is durable: records committed after the last acknowledgement count too.
      if (result.ok) acknowledgedTotal = result.records;
    }
    // Every request's records are all there or not at all (the writer appends 1 + (n % 3) for request n).
    const requests = await expectWholeCalls(sandbox.location, (id) => 1 + (Number(id.split('-')[1]) % 3));
    expect(new Set(requests.map((id) => id.split('-')[0])).size).toBe(4);
  } finally {
    sandbox.cleanup();
  }
});

describePostgres('on PostgreSQL, shared by several processes', () => {
  (distIsStale() ? it.skip : it)('three writers appending at once, each killed mid-append, leave one chain that verifies and lost nothing acknowledged', async () => {
    const sandbox = auditSandbox();
    const database = await createTestDatabase();
    const location = { kind: 'postgres', url: database.url } as const;
    try {
      let acknowledgedTotal = 0;
      for (let round = 0; round < 2; round += 1) {
        // Concurrent writers: each append races the others for the chain head.
        const counts = await Promise.all([0, 1, 2].map((i) => runAndKill(sandbox.dir, 150 + 50 * i + round * 100, database.url)));
        acknowledgedTotal += counts.reduce((a, b) => a + b, 0);
        const result = await verifyAuditLog(location, sandbox.keys.publicJwk);
        expect(result).toMatchObject({ ok: true, unanchored: 0 });
        if (result.ok) expect(result.records).toBeGreaterThanOrEqual(acknowledgedTotal);
        if (result.ok) acknowledgedTotal = result.records;
      }
      const requests = await expectWholeCalls(location, (id) => 1 + (Number(id.split('-')[1]) % 3));
      expect(new Set(requests.map((id) => id.split('-')[0])).size).toBe(6);
    } finally {
      await database.drop();
      sandbox.cleanup();
    }
  }, 60_000);
});

if (distIsStale()) {
  it('dist is up to date (run `npm run build`; `npm test` does)', () => {
    throw new Error(`${WRITER} is missing or older than gateway/audit: the crash test needs a build`);
  });
}
