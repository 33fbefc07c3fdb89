/**
 * Runs `work` and counts the turns of the event loop that passed while it ran: 0 when it held the
 * loop from start to end (synchronous work behind a promise), more when it let other callbacks run.
 */
export async function loopTurnsDuring<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let done = false;
  const count = () => setImmediate(() => {
    if (done) return;
    turns += 1;
    count();
  });
  count();
  try {
    return { value: await work(), turns };
  } finally {
    done = true;
  }
}
