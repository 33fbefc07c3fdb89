import { registerEnumType } from 'type-graphql';

export enum IpRightKind {
  PATENT = 'PATENT',
  TRADEMARK = 'TRADEMARK',
  SOFTWARE_COPYRIGHT = 'SOFTWARE_COPYRIGHT',
}
registerEnumType(IpRightKind, { name: 'IpRightKind', description: 'Which register an intellectual-property right is entered in.' });

export enum IpRightStatus {
  PENDING = 'PENDING',
  IN_FORCE = 'IN_FORCE',
  ENDED = 'ENDED',
}
registerEnumType(IpRightStatus, {
  name: 'IpRightStatus',
  description: 'The register-specific status reduced to three values, comparable across patents, trademarks and copyrights.',
  valuesConfig: {
    PENDING: { description: 'Applied for, not (yet) granted or registered.' },
    IN_FORCE: { description: 'Granted or registered and currently protected.' },
    ENDED: { description: 'Lapsed, expired, invalidated, cancelled or revoked.' },
  },
});

export enum PatentType {
  INVENTION = 'INVENTION',
  UTILITY_MODEL = 'UTILITY_MODEL',
  DESIGN = 'DESIGN',
}
registerEnumType(PatentType, { name: 'PatentType', description: '发明, 实用新型 or 外观设计.' });

export enum PatentLegalStatus {
  PENDING = 'PENDING',
  GRANTED = 'GRANTED',
  LAPSED = 'LAPSED',
  INVALIDATED = 'INVALIDATED',
}
registerEnumType(PatentLegalStatus, {
  name: 'PatentLegalStatus',
  valuesConfig: {
    PENDING: { description: 'Under examination (审中).' },
    GRANTED: { description: 'Granted and in force (有效).' },
    LAPSED: { description: 'Ended by non-payment of annual fees or end of term (失效).' },
    INVALIDATED: { description: 'Declared invalid by the reexamination and invalidation department (宣告无效).' },
  },
});

export enum TrademarkStatus {
  PENDING = 'PENDING',
  REGISTERED = 'REGISTERED',
  EXPIRED = 'EXPIRED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(TrademarkStatus, {
  name: 'TrademarkStatus',
  valuesConfig: {
    PENDING: { description: 'Applied for, under examination or opposition.' },
    REGISTERED: { description: 'Registered and inside its 10-year term.' },
    EXPIRED: { description: 'Term ended without renewal.' },
    CANCELLED: { description: 'Cancelled (撤销, e.g. three years of non-use) or declared invalid (无效宣告).' },
  },
});

export enum SoftwareCopyrightStatus {
  REGISTERED = 'REGISTERED',
  REVOKED = 'REVOKED',
}
registerEnumType(SoftwareCopyrightStatus, {
  name: 'SoftwareCopyrightStatus',
  valuesConfig: { REVOKED: { description: 'Registration revoked (撤销登记), e.g. for false application materials.' } },
});

export enum IpPledgeStatus {
  EFFECTIVE = 'EFFECTIVE',
  RELEASED = 'RELEASED',
  ENFORCED = 'ENFORCED',
}
registerEnumType(IpPledgeStatus, {
  name: 'IpPledgeStatus',
  valuesConfig: {
    EFFECTIVE: { description: 'Pledge registered and in effect (质押生效).' },
    RELEASED: { description: 'Debt repaid, pledge de-registered (质押注销).' },
    ENFORCED: { description: 'The pledgee realised the pledge: the right was sold or transferred (质权实现).' },
  },
});

export enum IpCreditBehavior {
  ABNORMAL_PATENT_APPLICATION = 'ABNORMAL_PATENT_APPLICATION',
  MALICIOUS_TRADEMARK_APPLICATION = 'MALICIOUS_TRADEMARK_APPLICATION',
  FALSE_MATERIALS = 'FALSE_MATERIALS',
  BROKEN_CREDIT_COMMITMENT = 'BROKEN_CREDIT_COMMITMENT',
  REFUSED_TO_PERFORM_DECISION = 'REFUSED_TO_PERFORM_DECISION',
}
registerEnumType(IpCreditBehavior, {
  name: 'IpCreditBehavior',
  description: 'Dishonest behaviour under the CNIPA Provisions on IP Credit Management (2022).',
  valuesConfig: {
    ABNORMAL_PATENT_APPLICATION: { description: '不以保护创新为目的的非正常专利申请.' },
    MALICIOUS_TRADEMARK_APPLICATION: { description: '恶意商标注册申请 (e.g. squatting on others\' marks).' },
    FALSE_MATERIALS: { description: '提交虚假材料或隐瞒重要事实.' },
    BROKEN_CREDIT_COMMITMENT: { description: '信用承诺不实或未履行承诺.' },
    REFUSED_TO_PERFORM_DECISION: { description: '拒不执行生效的知识产权行政裁决或处罚决定.' },
  },
});

export enum IpEnforcementCaseKind {
  TRADEMARK_INFRINGEMENT = 'TRADEMARK_INFRINGEMENT',
  COUNTERFEIT_PATENT = 'COUNTERFEIT_PATENT',
  PATENT_INFRINGEMENT_RULING = 'PATENT_INFRINGEMENT_RULING',
  COPYRIGHT_INFRINGEMENT = 'COPYRIGHT_INFRINGEMENT',
}
registerEnumType(IpEnforcementCaseKind, {
  name: 'IpEnforcementCaseKind',
  valuesConfig: {
    TRADEMARK_INFRINGEMENT: { description: '侵犯注册商标专用权 (penalty by market supervision).' },
    COUNTERFEIT_PATENT: { description: '假冒专利 (penalty by the IP office).' },
    PATENT_INFRINGEMENT_RULING: { description: '专利侵权纠纷行政裁决 (ruling by the IP office).' },
    COPYRIGHT_INFRINGEMENT: { description: '侵犯著作权, e.g. pirated course material (penalty by copyright / cultural enforcement).' },
  },
});

export enum IpEnforcementOutcome {
  FINED = 'FINED',
  CEASE_ORDERED = 'CEASE_ORDERED',
  GOODS_CONFISCATED = 'GOODS_CONFISCATED',
}
registerEnumType(IpEnforcementOutcome, {
  name: 'IpEnforcementOutcome',
  valuesConfig: {
    FINED: { description: 'Fine imposed (and the infringement ordered to stop).' },
    CEASE_ORDERED: { description: 'Ordered to stop the infringement, no fine (责令停止侵权).' },
    GOODS_CONFISCATED: { description: 'Infringing goods and tools confiscated, with or without a fine.' },
  },
});
