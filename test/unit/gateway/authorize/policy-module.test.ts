import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANONYMOUS, type Principal } from '../../../../common/principal';
import { asPolicyModule, checkPolicyCoverage, createPolicyEvaluator, loadPolicyModule } from '../../../../gateway/authorize/policy-module';

const officer: Principal = { ...ANONYMOUS, authenticated: true, subject: 'o-1', consumer: 'moe', scopes: new Set(['reports:read']) };

describe('the policy module', () => {
  const failures: string[] = [];
  const module = asPolicyModule(
    {
      policies: {
        reader: (p: Principal) => p.scopes.has('reports:read'),
        asyncOfficer: async (p: Principal) => p.consumer === 'moe',
        truthy: () => 'yes' as unknown as boolean,
        broken: () => {
          throw new Error('policy store down');
        },
        rejecting: () => Promise.reject(new Error('nope')),
        hanging: () => new Promise<boolean>(() => undefined),
      },
    },
    'test module',
  );
  const evaluate = createPolicyEvaluator(module, (policy) => failures.push(policy), 30);

  it('grants exactly the policies whose decision is true for this caller', async () => {
    const granted = await evaluate(new Set(['reader', 'asyncOfficer']), officer);
    expect([...granted].sort()).toEqual(['asyncOfficer', 'reader']);
    expect([...(await evaluate(new Set(['reader', 'asyncOfficer']), ANONYMOUS))]).toEqual([]);
  });

  it('denies by default: unknown names, non-true answers, throws, rejections and timeouts', async () => {
    failures.length = 0;
    const granted = await evaluate(new Set(['unknown', 'truthy', 'broken', 'rejecting', 'hanging', '__proto__']), officer);
    expect([...granted]).toEqual([]);
    expect(failures.sort()).toEqual(['broken', 'hanging', 'rejecting']);
  });

  it('asks nothing when the operation mentions no policy', async () => {
    expect((await evaluate(new Set(), officer)).size).toBe(0);
  });

  it('refuses a module of the wrong shape, naming it', () => {
    expect(() => asPolicyModule({}, 'm.js')).toThrow('m.js must export { policies:');
    expect(() => asPolicyModule({ policies: { a: true } }, 'm.js')).toThrow('m.js: policy "a" is not a function');
  });

  it('loads a CommonJS module file, or one with a default export', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-module-'));
    writeFileSync(join(dir, 'cjs.js'), 'module.exports = { policies: { a: () => true } };');
    writeFileSync(join(dir, 'esm.js'), 'exports.default = { policies: { b: () => true } };');
    writeFileSync(join(dir, 'bad.js'), 'throw new Error("syntax of the operator")');
    expect(Object.keys(loadPolicyModule(join(dir, 'cjs.js')).policies)).toEqual(['a']);
    expect(Object.keys(loadPolicyModule(join(dir, 'esm.js')).policies)).toEqual(['b']);
    expect(() => loadPolicyModule(join(dir, 'bad.js'))).toThrow(/cannot be loaded: syntax of the operator/);
  });

  it('refuses at boot a supergraph policy the module does not decide', () => {
    expect(() => checkPolicyCoverage(module, new Set(['reader', 'typo', 'other']))).toThrow('no decision for "other", "typo"');
    expect(() => checkPolicyCoverage(module, new Set(['reader']))).not.toThrow();
  });
});
