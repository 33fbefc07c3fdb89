import { createOperationGate } from '../../../../gateway/http/operation-gate';

/** Work that ends when the test says so. */
function pending() {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { done, finish, fail };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `holds` (the gate adapts on timers, which a loaded machine delays), at most 5 s. */
async function eventually(holds: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error('the gate never got there');
    await wait(5);
  }
}

describe('operation gate: how many operations run at once', () => {
  it('runs `concurrency` operations at once and the others in arrival order as turns free up', async () => {
    const gate = createOperationGate({ concurrency: 2, utilization: () => 0.8 });
    const works = [pending(), pending(), pending(), pending()];
    const started: number[] = [];
    const runs = works.map((work, i) => gate.run(async () => {
      started.push(i);
      await work.done;
      return i;
    }));
    await turn();
    expect(started).toEqual([0, 1]);
    expect(gate.state).toEqual({ active: 2, waiting: 2, limit: 2 });
    works[1]!.finish();
    await turn();
    expect(started).toEqual([0, 1, 2]);
    // A failed operation gives its turn back too, and its caller gets the failure.
    works[0]!.fail(new Error('subgraph down'));
    await expect(runs[0]).rejects.toThrow('subgraph down');
    await turn();
    expect(started).toEqual([0, 1, 2, 3]);
    works[2]!.finish();
    works[3]!.finish();
    expect(await Promise.all(runs.slice(1))).toEqual([1, 2, 3]);
    expect(gate.state).toEqual({ active: 0, waiting: 0, limit: 2 });
    gate.close();
  });

  it('lets waiting operations in while the running ones are stuck and the event loop idles (a hung subgraph)', async () => {
    const gate = createOperationGate({ concurrency: 2, intervalMs: 5, utilization: () => 0.01 });
    const hung = pending();
    const stuck = [gate.run(() => hung.done), gate.run(() => hung.done)];
    // No turn is given back, yet the next two run within a few intervals, not when the hung ones time out.
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([
      Promise.all([gate.run(async () => 'a'), gate.run(async () => 'b')]),
      new Promise((resolve) => (timer = setTimeout(resolve, 4000, 'still waiting'))),
    ]);
    clearTimeout(timer);
    expect(next).toEqual(['a', 'b']);
    expect(gate.state.limit).toBeGreaterThanOrEqual(4);
    hung.finish();
    await Promise.all(stuck);
    gate.close();
  });

  it('grows by steps while the loop has time to spare, and shrinks back to its floor once it is saturated', async () => {
    let used = 0.6;
    const gate = createOperationGate({ concurrency: 2, intervalMs: 5, utilization: () => used });
    const hold = pending();
    const runs = Array.from({ length: 8 }, () => gate.run(() => hold.done));
    // 0.6: more at once, by steps of the floor, until none waits; then no more.
    const limits = new Set<number>();
    await eventually(() => (limits.add(gate.state.limit), gate.state.waiting === 0));
    await wait(30);
    expect(gate.state.limit).toBe(8);
    expect([...limits].every((limit) => limit % 2 === 0)).toBe(true);
    used = 0.99;
    await eventually(() => gate.state.limit === 2);
    await wait(30);
    expect(gate.state.limit).toBe(2);
    hold.finish();
    await Promise.all(runs);
    gate.close();
  });

  it('gives back the room nobody uses once the operations that needed it are done', async () => {
    let used = 0.01;
    const gate = createOperationGate({ concurrency: 2, intervalMs: 5, utilization: () => used });
    const hold = pending();
    const runs = Array.from({ length: 10 }, () => gate.run(() => hold.done));
    await eventually(() => gate.state.waiting === 0);
    expect(gate.state.limit).toBeGreaterThanOrEqual(10);
    // Busy but not saturated, none waiting: the limit comes down to the ten still running, and no lower.
    used = 0.8;
    await eventually(() => gate.state.limit === 10);
    await wait(30);
    expect(gate.state).toEqual({ active: 10, waiting: 0, limit: 10 });
    hold.finish();
    await Promise.all(runs);
    // A quiet spell: back to the floor, so the next burst starts from it.
    await eventually(() => gate.state.limit === 2);
    const burst = pending();
    const next = Array.from({ length: 5 }, () => gate.run(() => burst.done));
    await turn();
    expect(gate.state).toEqual({ active: 2, waiting: 3, limit: 2 });
    burst.finish();
    await Promise.all(next);
    gate.close();
  });

  it('holds its limit while the loop is busy but not saturated', async () => {
    const gate = createOperationGate({ concurrency: 2, intervalMs: 5, utilization: () => 0.8 });
    const hold = pending();
    const runs = Array.from({ length: 4 }, () => gate.run(() => hold.done));
    await wait(40);
    expect(gate.state).toEqual({ active: 2, waiting: 2, limit: 2 });
    hold.finish();
    await Promise.all(runs);
    gate.close();
  });

  it('with concurrency 0 runs everything at once; closed, it lets everyone in', async () => {
    const open = createOperationGate({ concurrency: 0 });
    const hold = pending();
    let running = 0;
    const runs = Array.from({ length: 100 }, () => open.run(async () => {
      running += 1;
      await hold.done;
    }));
    await turn();
    expect(running).toBe(100);
    hold.finish();
    await Promise.all(runs);

    const gate = createOperationGate({ concurrency: 1, utilization: () => 0.8 });
    const stuck = pending();
    const first = gate.run(() => stuck.done);
    const second = gate.run(async () => 'served');
    gate.close();
    expect(await second).toBe('served');
    stuck.finish();
    await first;
  });
});
