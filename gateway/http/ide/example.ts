/**
 * What GraphiQL opens with. Bundled into the page and read by the tests, so it imports nothing:
 * the USCC is the first institution of the default seed (`npm start`), which a test checks.
 */
export const EXAMPLE_USCC = '91610113MAPJP3MM41';

export const EXAMPLE_QUERY = `# One institution across the five agencies.
# Anonymous callers see public fields only;
# the rest are null, with an error. For more,
# paste a token after "Bearer " in Headers:
#   npm run token -- --consumer <id>
query Profile($uscc: USCC!) {
  institution(uscc: $uscc) {
    uscc
    name
    regionName
    filing { listStatus permitNo permitValidTo }
    courses(first: 3) { title priceCny lessons }
    registration { legalName status registeredCapitalCny }
    marketPenalties(first: 3) { decisionDocNo fineCny publicityStatus }
    patents(first: 3) { applicationNo title }
  }
}
`;

export const EXAMPLE_VARIABLES = JSON.stringify({ uscc: EXAMPLE_USCC }, null, 2);

/** Headers GraphiQL starts with; a header left empty (or a bare "Bearer") is not sent. */
export const EXAMPLE_HEADERS = JSON.stringify({ Authorization: 'Bearer ', 'X-Purpose': 'SUPERVISION_INSPECTION' }, null, 2);

/**
 * The headers the page actually sends: an unfilled placeholder would otherwise reach the gateway
 * as a malformed token and turn every request into a 401.
 */
export function headersToSend(headers: Readonly<Record<string, unknown>>): Record<string, string> {
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') continue;
    const trimmed = value.trim();
    if (trimmed === '' || (name.toLowerCase() === 'authorization' && /^bearer$/i.test(trimmed))) continue;
    sent[name] = trimmed;
  }
  return sent;
}
