import { registerEnumType } from 'type-graphql';

export enum FilingListStatus {
  WHITE = 'WHITE',
  GREY = 'GREY',
  BLACK = 'BLACK',
}
registerEnumType(FilingListStatus, {
  name: 'FilingListStatus',
  description: 'The MOE filing list: WHITE filed and compliant, GREY under rectification, BLACK withdrawn or banned.',
});

export enum InstitutionKind {
  SUBJECT_TUTORING = 'SUBJECT_TUTORING',
  QUALITY_EDUCATION = 'QUALITY_EDUCATION',
  VOCATIONAL_TRAINING = 'VOCATIONAL_TRAINING',
  LANGUAGE_TRAINING = 'LANGUAGE_TRAINING',
  EXAM_PREPARATION = 'EXAM_PREPARATION',
}
registerEnumType(InstitutionKind, { name: 'InstitutionKind' });

export enum BusinessSystemKind {
  WEBSITE = 'WEBSITE',
  APP = 'APP',
  MINI_PROGRAM = 'MINI_PROGRAM',
}
registerEnumType(BusinessSystemKind, { name: 'BusinessSystemKind' });

export enum CourseReviewStatus {
  APPROVED = 'APPROVED',
  PENDING = 'PENDING',
  REJECTED = 'REJECTED',
}
registerEnumType(CourseReviewStatus, { name: 'CourseReviewStatus' });

export enum ChargingMode {
  PER_LESSON = 'PER_LESSON',
  PER_TERM = 'PER_TERM',
  PACKAGE = 'PACKAGE',
}
registerEnumType(ChargingMode, { name: 'ChargingMode' });

export enum ComplaintStatus {
  RECEIVED = 'RECEIVED',
  IN_PROGRESS = 'IN_PROGRESS',
  RESOLVED = 'RESOLVED',
  DISMISSED = 'DISMISSED',
}
registerEnumType(ComplaintStatus, { name: 'ComplaintStatus' });

export enum ComplaintCategory {
  REFUND = 'REFUND',
  FALSE_ADVERTISING = 'FALSE_ADVERTISING',
  TEACHING_QUALITY = 'TEACHING_QUALITY',
  UNQUALIFIED_TRAINER = 'UNQUALIFIED_TRAINER',
  OVERCHARGING = 'OVERCHARGING',
  PERSONAL_DATA = 'PERSONAL_DATA',
}
registerEnumType(ComplaintCategory, { name: 'ComplaintCategory' });

/** What a lead (举报) reports, by the categories MOE counts them in (reference §4.3). */
export enum LeadCategory {
  REFUND_REFUSED = 'REFUND_REFUSED',
  HOLIDAY_SUBJECT_TRAINING = 'HOLIDAY_SUBJECT_TRAINING',
  DISGUISED_TRAINING = 'DISGUISED_TRAINING',
  UNQUALIFIED = 'UNQUALIFIED',
  OTHER = 'OTHER',
}
registerEnumType(LeadCategory, { name: 'LeadCategory', description: '退费难, 节假日学科类培训, 隐形变异培训, 不具备资质条件, other.' });

/** Where a lead came in (reference §4.1). */
export enum LeadChannel {
  DUDAO_WECHAT = 'DUDAO_WECHAT',
  NATIONAL_PLATFORM = 'NATIONAL_PLATFORM',
  SAMR_12315 = 'SAMR_12315',
  COMPLAINT = 'COMPLAINT',
}
registerEnumType(LeadChannel, { name: 'LeadChannel', description: '"中国教育督导" WeChat reporting, the national off-campus platform, a 12315 transfer, or a complaint that revealed a violation.' });

/** What handling a lead came to, as MOE reports outcomes (reference §4.3). */
export enum LeadOutcome {
  NO_ACTION = 'NO_ACTION',
  RECTIFICATION = 'RECTIFICATION',
  FINE = 'FINE',
  WARNING = 'WARNING',
  NOTIFIED = 'NOTIFIED',
}
registerEnumType(LeadOutcome, { name: 'LeadOutcome' });

export enum InspectionResult {
  COMPLIANT = 'COMPLIANT',
  RECTIFICATION_ORDERED = 'RECTIFICATION_ORDERED',
  REFERRED = 'REFERRED',
}
registerEnumType(InspectionResult, { name: 'InspectionResult' });

export enum NotificationKind {
  FILING_APPROVED = 'FILING_APPROVED',
  RECTIFICATION_NOTICE = 'RECTIFICATION_NOTICE',
  RISK_WARNING = 'RISK_WARNING',
  FILING_WITHDRAWN = 'FILING_WITHDRAWN',
}
registerEnumType(NotificationKind, { name: 'NotificationKind' });
