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

/** Headers GraphiQL starts with; the page leaves out those still empty (see headers-to-send.ts). */
export const EXAMPLE_HEADERS = JSON.stringify({ Authorization: 'Bearer ', 'X-Purpose': 'SUPERVISION_INSPECTION' }, null, 2);
