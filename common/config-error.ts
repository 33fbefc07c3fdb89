/**
 * A start-up misconfiguration: the message names the option, the expected form and the value
 * received. `main.ts` files print it and exit non-zero; it never reaches a client.
 */
export class ConfigError extends Error {
  readonly code = 'ERR_CONFIG_INVALID';

  constructor(option: string, expected: string, received: unknown) {
    super(`${option} must be ${expected}, instead got ${JSON.stringify(received)}`);
    this.name = 'ConfigError';
  }
}

export function parsePort(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new ConfigError(option, 'an integer from 0 to 65535', value);
  return port;
}

export function parsePositiveInt(option: string, value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) throw new ConfigError(option, `an integer from 1 to ${max}`, value);
  return n;
}

export function parseHost(option: string, value: string | undefined, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(value)) throw new ConfigError(option, 'a host name or IP address', value);
  return value;
}

/** Runs a CLI or server entry point: a ConfigError is one line on stderr and exit code 2. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.code}: ${error.message}\n`);
      process.exit(2);
    }
    // Known start-up refusals (a tampered audit log, a supergraph that cannot be enforced) carry
    // a code and a message meant for the operator; anything else is a bug and shows its stack.
    const code = (error as { code?: unknown } | null)?.code;
    if (error instanceof Error && typeof code === 'string') process.stderr.write(`${code}: ${error.message}\n`);
    else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
