import type { FastifyInstance } from 'fastify';
import { resolveAuthConfig } from '../../common/auth/auth-config';
import { createTokenVerifier } from '../../common/auth/token-verifier';
import { loadPolicies } from '../../policies/load-policies';
import { applyPurposeRule } from '../../policies/purpose-rule';
import { buildApp } from '../../subgraphs/build-app';
import type { AgencyName, CommandEnvironment } from '../../subgraphs/shared/agency';
import { createPersonalDataCipher } from '../../subgraphs/shared/commands/personal-data-cipher';
import { createFactSeal } from '../../subgraphs/shared/credit-facts/fact-seal';
import { createTestKeys, type TestKeys } from './test-keys';
import { randomBytes } from 'node:crypto';

export interface Officer {
  scopes: readonly string[];
  region?: string | null;
  consumer?: string;
  sub?: string;
  agency?: string;
}

export interface GraphQLResult {
  status: number;
  data: Record<string, any> | null;
  errors: { message: string; extensions?: Record<string, any> }[] | undefined;
}

/** Subgraph apps over a data directory, verifying real ES256 tokens, with a clock the test moves. */
export async function createCommandHarness() {
  const keys: TestKeys = await createTestKeys();
  const policies = loadPolicies();
  const tokenVerifier = createTokenVerifier(resolveAuthConfig(keys.env), { refine: (p) => applyPurposeRule(p, policies) });
  const clock = { now: new Date('2026-09-28T02:00:00Z') };
  const personalData = createPersonalDataCipher([{ kid: 'test-1', key: randomBytes(32) }]);
  const factSeal = createFactSeal([{ kid: 'test-1', key: randomBytes(32) }]);
  return {
    keys,
    clock,
    personalData,
    factSeal,
    app(agency: AgencyName, dataDir: string, environment: Partial<CommandEnvironment> = {}): FastifyInstance {
      // The tests play the gateway: no proof is asked of them.
      return buildApp({ agency, dataDir, tokenVerifier, gatewayProof: null, factSeal, environment: { now: () => clock.now, personalData, ...environment } });
    },
    token(officer: Officer): Promise<string> {
      return keys.sign({
        scope: officer.scopes.join(' '),
        azp: officer.consumer ?? 'moe-supervision-platform',
        sub: officer.sub ?? 'officer-1',
        ...(officer.region === null ? {} : { region: officer.region ?? '110108' }),
        agency: officer.agency ?? 'edu-110108',
      });
    },
  };
}

export async function gql(app: FastifyInstance, query: string, variables: Record<string, unknown> = {}, token?: string, purpose?: string): Promise<GraphQLResult> {
  const response = await app.inject({
    method: 'POST', url: '/graphql',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(purpose ? { 'x-purpose': purpose } : {}) },
    payload: { query, variables },
  });
  const body = response.json() as { data?: Record<string, any> | null; errors?: GraphQLResult['errors'] };
  return { status: response.statusCode, data: body.data ?? null, errors: body.errors };
}

let keyCounter = 0;
export function idempotencyKey(label = 'k'): string {
  keyCounter += 1;
  return `${label}-${process.pid}-${Date.now()}-${keyCounter}`;
}
