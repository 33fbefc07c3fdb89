import type { AgencyDefinition, AgencyName } from './shared/agency';
import { education } from './education';
import { market } from './market';
import { credit } from './credit';
import { ip } from './ip';
import { finance } from './finance';

/** The five agency subgraphs, in the order they are composed and started. */
export const AGENCIES: readonly AgencyDefinition<object, unknown>[] = [
  education as unknown as AgencyDefinition<object, unknown>,
  market as unknown as AgencyDefinition<object, unknown>,
  credit as unknown as AgencyDefinition<object, unknown>,
  ip as unknown as AgencyDefinition<object, unknown>,
  finance as unknown as AgencyDefinition<object, unknown>,
];

export function agencyByName(name: AgencyName): AgencyDefinition<object, unknown> {
  const agency = AGENCIES.find((a) => a.name === name);
  if (!agency) throw new Error(`unknown agency '${name}'`);
  return agency;
}
