import { readFileSync } from 'node:fs';
import { extractRequirements } from '../../../gateway/authorize/requirements';
import { checkPolicies } from '../../../policies/check-policies';
import { loadPolicies, parsePolicies } from '../../../policies/load-policies';
import { ROW_LEVEL_SCOPES } from '../../../policies/row-level-scopes';
import { SUPERGRAPH_PATH } from '../../../schema/paths';

describe('policies', () => {
  const policies = loadPolicies();
  const { requirements, executableSdl } = extractRequirements(readFileSync(SUPERGRAPH_PATH, 'utf8'));
  const findings = checkPolicies(executableSdl, requirements, policies, ROW_LEVEL_SCOPES);

  it('leaves no supergraph field without a requirement unless policies/ declares it public by law', () => {
    expect(findings.unguardedNotPublic).toEqual([]);
  });

  it('lists nothing as public that is guarded or does not exist', () => {
    expect(findings.publicNotUnguarded).toEqual([]);
  });

  it('catalogues every scope the schemas and the row-level filters use, and lets no NOT_SHARED item in', () => {
    expect(findings.scopesNotCatalogued).toEqual([]);
    expect(findings.notSharedInSupergraph).toEqual([]);
  });

  it('keeps identifiers, custody, credit-reference, complaints, inspections and network-security filings behind scopes', () => {
    for (const coordinate of ['PersonRef.idHash', 'Trainer.idHash', 'PrepaidCustody.balanceCny', 'PrepaidCustody.accountNoMasked', 'BusinessSystem.securityFilingNo']) {
      expect(policies.publicFields.has(coordinate)).toBe(false);
      expect(requirements.fields.has(coordinate) || requirements.types.has(coordinate.split('.')[0]!)).toBe(true);
    }
    for (const type of ['Complaint', 'Inspection', 'CreditReferenceIndicators']) expect(requirements.types.has(type)).toBe(true);
  });

  it('detects a field that loses its requirement', () => {
    const weakened = parsePolicies({
      scopes: Object.fromEntries([...policies.scopes].map(([k, v]) => [k, v])),
      consumers: {},
      purposes: {},
      publicFields: [...policies.publicFields].filter((c) => c !== 'Institution.name'),
    });
    expect(checkPolicies(executableSdl, requirements, weakened, ROW_LEVEL_SCOPES).unguardedNotPublic).toEqual(['Institution.name']);
  });

  it('refuses consumers with unknown scopes or purposes, naming them', () => {
    const base = { scopes: {}, publicFields: [], purposes: { AUDIT: 'x' } };
    expect(() => parsePolicies({ ...base, consumers: { c: { scopes: ['market:penalty:raed'], purposes: [] } } })).toThrow(/unknown scope 'market:penalty:raed'/);
    expect(() => parsePolicies({ ...base, consumers: { c: { scopes: [], purposes: ['AUDITT'] } } })).toThrow(/unknown purpose 'AUDITT'. Did you mean 'AUDIT'/);
  });
});
