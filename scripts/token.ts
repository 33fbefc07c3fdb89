import { parseArgs } from 'node:util';
import { importJWK, SignJWT } from 'jose';
import { ConfigError, parsePositiveInt, runMain } from '../common/config-error';
import { checkUscc } from '../common/identifiers';
import { loadPolicies, suggest } from '../policies/load-policies';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevKeys } from './dev-keys';

/** Prints a development token for a consumer in policies/consumers.json, signed with the local key. */
runMain(async () => {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({ options: { consumer: { type: 'string' }, subject: { type: 'string' }, purpose: { type: 'string' }, ttl: { type: 'string' }, region: { type: 'string' }, agency: { type: 'string' }, uscc: { type: 'string' } } }));
  } catch (error) {
    throw new ConfigError('arguments', '--consumer <id> [--subject S] [--purpose P] [--region GB/T-2260] [--agency A] [--uscc USCC] [--ttl seconds]', (error as Error).message);
  }
  if (values.region !== undefined && !/^\d{6}$/.test(values.region)) throw new ConfigError('--region', 'a 6-digit GB/T 2260 code (000000 for a national authority)', values.region);
  const policies = loadPolicies();
  const consumer = values.consumer ? policies.consumers.get(values.consumer) : undefined;
  if (!consumer) {
    throw new ConfigError('--consumer', `one of ${[...policies.consumers.keys()].join(', ')}${suggest(values.consumer ?? '', [...policies.consumers.keys()])}`, values.consumer ?? null);
  }
  // An institution acting as itself: its token names its USCC, and only it.
  if (consumer.kind === 'INSTITUTION') {
    const problem = values.uscc === undefined ? null : checkUscc(values.uscc);
    if (values.uscc === undefined || problem) throw new ConfigError('--uscc', `the institution's USCC (consumer ${consumer.id} is an institution)${problem ? `: ${problem.message}` : ''}`, values.uscc ?? null);
  } else if (values.uscc !== undefined) {
    throw new ConfigError('--uscc', `absent: ${consumer.id} is an agency system, not an institution`, values.uscc);
  }
  if (values.purpose && !consumer.purposes.includes(values.purpose)) {
    throw new ConfigError('--purpose', `one the consumer declared (${consumer.purposes.join(', ') || 'none'})`, values.purpose);
  }
  const ttl = parsePositiveInt('--ttl', values.ttl, 3600, 86_400);
  const { privateJwk } = await ensureDevKeys();
  const key = await importJWK(privateJwk, 'ES256');
  const token = await new SignJWT({
    scope: consumer.scopes.join(' '),
    azp: consumer.id,
    ...(values.purpose ? { purpose: values.purpose } : {}),
    // The officer's body and region: commands act only on records inside the region.
    ...(values.region ? { region: values.region } : {}),
    ...(values.agency ? { agency: values.agency } : {}),
    ...(values.uscc ? { uscc: values.uscc } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid as string, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(values.subject ?? (values.uscc ? `${consumer.id}:${values.uscc}` : `${consumer.id}:operator`))
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(key);
  process.stdout.write(`${token}\n`);
});
