/** One institution's profile across all five agencies: the query ministries run most. */
export const PROFILE_QUERY = /* GraphQL */ `
  query Profile($uscc: USCC!) {
    institution(uscc: $uscc) {
      uscc
      name
      regionName
      kind
      filing { listStatus permitNo permitValidTo nonProfit }
      feeRule { chargingMode maxLessonsPerCharge maxMonthsPerCharge }
      courses(first: 5) { title subject priceCny lessons reviewStatus }
      trainers(first: 5) { displayName certificateNo }
      registration { legalName entityType status registeredCapitalCny establishedOn registrationAuthority }
      marketPenalties(first: 5) { decisionDocNo violationType fineCny decidedOn publicityStatus }
      creditPenalties(first: 5) { decisionDocNo decidedOn publicityStatus }
      creditDishonestyListings(first: 5) { id publicityStatus }
      patents(first: 5) { applicationNo title legalStatus }
      trademarks(first: 5) { registrationNo niceClass markText status }
      prepaidCustody { mode custodyBankName }
      financialPenalties(first: 5) { id publicityStatus }
    }
  }
`;

/** A page of institutions with fields from every agency: the fan-out joint conferences run. */
export const FAN_OUT_QUERY = /* GraphQL */ `
  query FanOut($first: Int!, $after: String) {
    institutions(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          uscc
          name
          filing { listStatus }
          courses(first: 3) { title }
          registration { legalName status }
          marketPenalties(first: 3) { decisionDocNo }
          creditPenalties(first: 3) { decisionDocNo }
          patents(first: 3) { applicationNo }
          trademarks(first: 3) { registrationNo }
          prepaidCustody { mode }
        }
      }
    }
  }
`;
