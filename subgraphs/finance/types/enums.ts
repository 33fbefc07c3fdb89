import { registerEnumType } from 'type-graphql';

export enum CustodyMode {
  BANK_CUSTODY = 'BANK_CUSTODY',
  RISK_RESERVE = 'RISK_RESERVE',
}
registerEnumType(CustodyMode, {
  name: 'CustodyMode',
  description:
    'How prepaid fees are secured (2021 six-ministry notice): BANK_CUSTODY puts all prepaid fees into a custody account released ' +
    'lesson by lesson; RISK_RESERVE keeps a risk-reserve deposit with a bank.',
});

export enum FinancingRound {
  ANGEL = 'ANGEL',
  PRE_A = 'PRE_A',
  SERIES_A = 'SERIES_A',
  SERIES_B = 'SERIES_B',
  SERIES_C = 'SERIES_C',
  SERIES_D_PLUS = 'SERIES_D_PLUS',
  STRATEGIC = 'STRATEGIC',
  IPO = 'IPO',
  BOND = 'BOND',
}
registerEnumType(FinancingRound, { name: 'FinancingRound' });

export enum FinancialRegulator {
  PBOC = 'PBOC',
  NFRA = 'NFRA',
  CSRC = 'CSRC',
}
registerEnumType(FinancialRegulator, {
  name: 'FinancialRegulator',
  description: "PBOC People's Bank of China; NFRA National Financial Regulatory Administration (CBIRC until 2023); CSRC securities regulator.",
});

export enum OverdueBand {
  NONE = 'NONE',
  LT_30_DAYS = 'LT_30_DAYS',
  FROM_30_TO_90_DAYS = 'FROM_30_TO_90_DAYS',
  GT_90_DAYS = 'GT_90_DAYS',
}
registerEnumType(OverdueBand, { name: 'OverdueBand', description: 'Longest current overdue period on any loan, as a band.' });

export enum GuaranteeExposureBand {
  NONE = 'NONE',
  LT_1M_CNY = 'LT_1M_CNY',
  FROM_1M_TO_10M_CNY = 'FROM_1M_TO_10M_CNY',
  GT_10M_CNY = 'GT_10M_CNY',
}
registerEnumType(GuaranteeExposureBand, {
  name: 'GuaranteeExposureBand',
  description: 'Outstanding guarantees the institution has given for others, as a band.',
});
