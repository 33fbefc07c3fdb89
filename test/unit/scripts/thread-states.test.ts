import { spawn, type ChildProcess } from 'node:child_process';
import { describeThreadStates } from '../../../scripts/thread-states';

/** A child that runs `code`, resolved once it has printed its first line. */
function child(code: string): Promise<ChildProcess> {
  const started = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve) => started.stdout!.once('data', () => resolve(started)));
}

describe('describeThreadStates (why a process did not start)', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
  });

  it('tells a process computing from one waiting for an event', async () => {
    const spinning = await child("console.log('up'); for (;;) {}");
    const idle = await child("console.log('up'); setInterval(() => {}, 60000)");
    children.push(spinning, idle);
    await new Promise((r) => setTimeout(r, 300));

    const busy = describeThreadStates(spinning.pid).split('\n');
    const waiting = describeThreadStates(idle.pid).split('\n');
    // Node's main thread is the first task, named after the executable.
    expect(busy[0]).toMatch(new RegExp(`^  thread ${spinning.pid} node: state R, CPU \\d+\\.\\d\\d s`));
    expect(Number(/CPU (\S+) s/.exec(busy[0]!)![1])).toBeGreaterThan(0.1);
    expect(waiting[0]).toMatch(new RegExp(`^  thread ${idle.pid} node: state S, CPU`));
    // V8's and libuv's threads are listed too.
    expect(waiting.length).toBeGreaterThan(3);
  });

  it('is empty for a process that is gone', async () => {
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.once('exit', r));
    expect(describeThreadStates(gone.pid)).toBe('');
    expect(describeThreadStates(undefined)).toBe('');
  });
});
