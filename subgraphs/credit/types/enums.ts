import { registerEnumType } from 'type-graphql';

/** The kinds of record the credit platform holds about an institution; each is one GraphQL type. */
export enum CreditRecordKind {
  LICENCE = 'LICENCE',
  PENALTY = 'PENALTY',
  DISHONESTY_LISTING = 'DISHONESTY_LISTING',
  INCENTIVE_LISTING = 'INCENTIVE_LISTING',
  JUDGMENT_DEFAULTER = 'JUDGMENT_DEFAULTER',
  COMMITMENT = 'COMMITMENT',
  REPAIR = 'REPAIR',
}
registerEnumType(CreditRecordKind, {
  name: 'CreditRecordKind',
  description: 'Kind of credit record; each kind is one type implementing CreditRecord.',
  valuesConfig: {
    LICENCE: { description: '双公示 administrative licence (CreditLicence).' },
    PENALTY: { description: '双公示 administrative penalty (CreditPenalty).' },
    DISHONESTY_LISTING: { description: 'Entry on a dishonesty (失信) list (CreditDishonestyListing).' },
    INCENTIVE_LISTING: { description: 'Entry on an incentive (守信激励) list (CreditIncentiveListing).' },
    JUDGMENT_DEFAULTER: { description: 'Dishonest judgment defaulter (失信被执行人) record (CreditJudgmentDefaulter).' },
    COMMITMENT: { description: 'Credit commitment (信用承诺) (CreditCommitment).' },
    REPAIR: { description: 'Credit repair (信用修复) record (CreditRepairRecord).' },
  },
});

/** 许可类别 in the national 双公示 licence format. */
export enum CreditLicenceCategory {
  GENERAL = 'GENERAL',
  FRANCHISE = 'FRANCHISE',
  RECOGNITION = 'RECOGNITION',
  APPROVAL = 'APPROVAL',
  REGISTRATION = 'REGISTRATION',
  OTHER = 'OTHER',
}
registerEnumType(CreditLicenceCategory, {
  name: 'CreditLicenceCategory',
  description: '许可类别: 普通, 特许, 认可, 核准, 登记, 其他.',
  valuesConfig: {
    GENERAL: { description: '普通' },
    FRANCHISE: { description: '特许' },
    RECOGNITION: { description: '认可' },
    APPROVAL: { description: '核准' },
    REGISTRATION: { description: '登记' },
    OTHER: { description: '其他' },
  },
});

/** 处罚类别: the kinds of administrative penalty of the Administrative Penalty Law (2021), art. 9. */
export enum CreditPenaltyCategory {
  WARNING = 'WARNING',
  CIRCULATED_CRITICISM = 'CIRCULATED_CRITICISM',
  FINE = 'FINE',
  CONFISCATION_OF_ILLEGAL_GAINS = 'CONFISCATION_OF_ILLEGAL_GAINS',
  CONFISCATION_OF_ILLEGAL_PROPERTY = 'CONFISCATION_OF_ILLEGAL_PROPERTY',
  LICENCE_SUSPENDED = 'LICENCE_SUSPENDED',
  QUALIFICATION_DOWNGRADED = 'QUALIFICATION_DOWNGRADED',
  LICENCE_REVOKED = 'LICENCE_REVOKED',
  BUSINESS_RESTRICTED = 'BUSINESS_RESTRICTED',
  BUSINESS_SUSPENDED = 'BUSINESS_SUSPENDED',
  CLOSURE_ORDERED = 'CLOSURE_ORDERED',
  EMPLOYMENT_RESTRICTED = 'EMPLOYMENT_RESTRICTED',
  OTHER = 'OTHER',
}
registerEnumType(CreditPenaltyCategory, {
  name: 'CreditPenaltyCategory',
  description: '处罚类别 (Administrative Penalty Law art. 9).',
  valuesConfig: {
    WARNING: { description: '警告' },
    CIRCULATED_CRITICISM: { description: '通报批评' },
    FINE: { description: '罚款' },
    CONFISCATION_OF_ILLEGAL_GAINS: { description: '没收违法所得' },
    CONFISCATION_OF_ILLEGAL_PROPERTY: { description: '没收非法财物' },
    LICENCE_SUSPENDED: { description: '暂扣许可证件' },
    QUALIFICATION_DOWNGRADED: { description: '降低资质等级' },
    LICENCE_REVOKED: { description: '吊销许可证件' },
    BUSINESS_RESTRICTED: { description: '限制开展生产经营活动' },
    BUSINESS_SUSPENDED: { description: '责令停产停业' },
    CLOSURE_ORDERED: { description: '责令关闭' },
    EMPLOYMENT_RESTRICTED: { description: '限制从业' },
    OTHER: { description: '其他' },
  },
});

/** 履行情况 of a judgment defaulter. */
export enum CreditPerformanceStatus {
  NOT_PERFORMED = 'NOT_PERFORMED',
  PARTIALLY_PERFORMED = 'PARTIALLY_PERFORMED',
  PERFORMED = 'PERFORMED',
}
registerEnumType(CreditPerformanceStatus, {
  name: 'CreditPerformanceStatus',
  description: '被执行人的履行情况: 全部未履行, 部分履行, 全部履行.',
});

/** 信用承诺 types used by the national credit-commitment system. */
export enum CreditCommitmentKind {
  APPROVAL_REPLACEMENT = 'APPROVAL_REPLACEMENT',
  CERTIFICATION_NOTICE = 'CERTIFICATION_NOTICE',
  INDUSTRY_SELF_DISCIPLINE = 'INDUSTRY_SELF_DISCIPLINE',
  VOLUNTARY = 'VOLUNTARY',
  CREDIT_REPAIR = 'CREDIT_REPAIR',
}
registerEnumType(CreditCommitmentKind, {
  name: 'CreditCommitmentKind',
  valuesConfig: {
    APPROVAL_REPLACEMENT: { description: '审批替代型: a commitment in place of (part of) an approval.' },
    CERTIFICATION_NOTICE: { description: '证明事项告知承诺型: a commitment in place of a certificate.' },
    INDUSTRY_SELF_DISCIPLINE: { description: '行业自律型' },
    VOLUNTARY: { description: '主动型' },
    CREDIT_REPAIR: { description: '信用修复型: made when applying for credit repair.' },
  },
});

export enum CreditCommitmentFulfilment {
  IN_EFFECT = 'IN_EFFECT',
  FULFILLED = 'FULFILLED',
  BREACHED = 'BREACHED',
}
registerEnumType(CreditCommitmentFulfilment, {
  name: 'CreditCommitmentFulfilment',
  description: 'IN_EFFECT not yet verified; FULFILLED verified as kept; BREACHED found untrue or not kept (承诺不实/未履约).',
});

export enum CreditRepairOutcome {
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(CreditRepairOutcome, {
  name: 'CreditRepairOutcome',
  description: 'APPROVED: the repaired record was withdrawn from publicity; REJECTED: the application was refused.',
});
