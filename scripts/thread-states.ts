import { readdirSync, readFileSync } from 'node:fs';

/** The unit of /proc's CPU times: 100 on every Linux Node supports. */
const USER_HZ = 100;

/**
 * One line per thread of a live process (Linux /proc): its name, scheduler state, CPU seconds and
 * the kernel function it sleeps in. A process that did not start in time says with it whether it
 * was computing (R, CPU rising), waiting on the disk (D) or idle waiting for an event (S, ep_poll).
 * Empty where /proc cannot be read.
 */
export function describeThreadStates(pid: number | undefined): string {
  if (pid === undefined) return '';
  const lines: string[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return '';
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // The name is in parentheses and may hold spaces; the fields after it are space-separated.
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / USER_HZ;
      let wchan = '';
      try {
        wchan = readFileSync(`/proc/${pid}/task/${tid}/wchan`, 'utf8');
      } catch {
        // not readable here
      }
      lines.push(`  thread ${tid} ${name}: state ${fields[0]}, CPU ${cpuSeconds.toFixed(2)} s${wchan && wchan !== '0' ? `, in ${wchan}` : ''}`);
    } catch {
      // the thread ended meanwhile
    }
  }
  return lines.join('\n');
}
