import { registerEnumType } from 'type-graphql';

export enum MarketRegistrationStatus {
  OPERATING = 'OPERATING',
  REVOKED = 'REVOKED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(MarketRegistrationStatus, {
  name: 'MarketRegistrationStatus',
  description: 'Registration status on GSXT.',
  valuesConfig: {
    OPERATING: { description: '存续（在营、开业、在册）: registered and allowed to operate.' },
    REVOKED: { description: '吊销: business licence revoked as a penalty; the entity still exists but may not operate.' },
    CANCELLED: { description: '注销: deregistered; the entity no longer exists.' },
  },
});

/** The four grounds of 《企业经营异常名录管理暂行办法》 art. 4 (企业信息公示暂行条例 art. 17). */
export enum AbnormalOperationReason {
  NO_ANNUAL_REPORT = 'NO_ANNUAL_REPORT',
  INFORMATION_NOT_PUBLISHED = 'INFORMATION_NOT_PUBLISHED',
  FALSE_INFORMATION = 'FALSE_INFORMATION',
  UNREACHABLE_AT_ADDRESS = 'UNREACHABLE_AT_ADDRESS',
}
registerEnumType(AbnormalOperationReason, {
  name: 'AbnormalOperationReason',
  description: 'Why an enterprise was put on the abnormal-operation list (经营异常名录).',
  valuesConfig: {
    NO_ANNUAL_REPORT: { description: '未按照规定的期限公示年度报告.' },
    INFORMATION_NOT_PUBLISHED: { description: '未在市场监督管理部门责令的期限内公示有关企业信息.' },
    FALSE_INFORMATION: { description: '公示企业信息隐瞒真实情况、弄虚作假.' },
    UNREACHABLE_AT_ADDRESS: { description: '通过登记的住所或者经营场所无法联系.' },
  },
});

/** The result categories GSXT publishes for 双随机、一公开 spot checks. */
export enum MarketSpotCheckResult {
  NO_PROBLEM_FOUND = 'NO_PROBLEM_FOUND',
  PROBLEM_CORRECTED = 'PROBLEM_CORRECTED',
  INFORMATION_NOT_PUBLISHED = 'INFORMATION_NOT_PUBLISHED',
  FALSE_INFORMATION = 'FALSE_INFORMATION',
  UNREACHABLE_AT_ADDRESS = 'UNREACHABLE_AT_ADDRESS',
  ACTIVITY_NOT_FOUND = 'ACTIVITY_NOT_FOUND',
}
registerEnumType(MarketSpotCheckResult, {
  name: 'MarketSpotCheckResult',
  description: 'Published result of a market-supervision spot check.',
  valuesConfig: {
    NO_PROBLEM_FOUND: { description: '未发现问题.' },
    PROBLEM_CORRECTED: { description: '发现问题，已责令改正.' },
    INFORMATION_NOT_PUBLISHED: { description: '未按规定公示应当公示的信息.' },
    FALSE_INFORMATION: { description: '公示信息隐瞒真实情况、弄虚作假.' },
    UNREACHABLE_AT_ADDRESS: { description: '通过登记的住所（经营场所）无法联系.' },
    ACTIVITY_NOT_FOUND: { description: '未发现开展本次抽查涉及的经营活动.' },
  },
});
