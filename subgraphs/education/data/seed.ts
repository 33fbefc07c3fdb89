import { hashResidentId, makeResidentId, SEED_PERSON_HASH_KEY } from '../../../common/identifiers';
import type { SqliteDatabase } from '../../shared/database';
import { SEED_TODAY, type SeedInstitution } from '../../shared/seed/seed-institution';
import { listedStaffOf } from '../../shared/seed/listed-staff';
import { Random } from '../../shared/seed/random';
import { addDays, laterDate } from '../../shared/seed/seed-dates';
import { personName, residentId } from '../../shared/seed/seed-institutions';
import { seedEducationHistories } from './seed-history';

const SUBJECTS: Record<string, readonly string[]> = {
  SUBJECT_TUTORING: ['语文', '数学', '英语', '物理', '化学'],
  QUALITY_EDUCATION: ['美术', '音乐', '编程', '书法', '围棋'],
  VOCATIONAL_TRAINING: ['会计实务', '电工', '育婴师', '数据分析', '电子商务'],
  LANGUAGE_TRAINING: ['英语口语', '日语', '雅思', '托福', '德语'],
  EXAM_PREPARATION: ['考研数学', '考研英语', '公务员考试', '教师资格证', '法律职业资格'],
};
const GRADE_BANDS: Record<string, readonly string[]> = {
  SUBJECT_TUTORING: ['G1-G3', 'G4-G6', 'G7-G9'],
  QUALITY_EDUCATION: ['G1-G3', 'G4-G6', 'G7-G9', 'G10-G12'],
  VOCATIONAL_TRAINING: ['ADULT'],
  LANGUAGE_TRAINING: ['G10-G12', 'ADULT'],
  EXAM_PREPARATION: ['ADULT'],
};
const COMPLAINT_SUMMARIES: Record<string, string> = {
  REFUND: '学员申请退费后超过约定期限未退还剩余课时费用',
  FALSE_ADVERTISING: '宣传“保过”“提分30分”等承诺与实际不符',
  TEACHING_QUALITY: '直播课程多次无故取消，未按课表授课',
  UNQUALIFIED_TRAINER: '授课教师无法提供教师资格证',
  OVERCHARGING: '一次性收取超过60课时的费用',
  PERSONAL_DATA: 'App 未经同意收集学生通讯录信息',
};

/** Education's view of the seeded world: filings, systems, courses, trainers, fees, complaints. */
export function seedEducation(db: SqliteDatabase, institutions: readonly SeedInstitution[], random: Random): void {
  const insert = {
    institution: db.prepare('INSERT INTO institutions VALUES (?, ?, ?, ?, ?, ?, ?)'),
    filing: db.prepare('INSERT INTO filings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    system: db.prepare('INSERT INTO business_systems VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    course: db.prepare('INSERT INTO courses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    trainer: db.prepare('INSERT INTO trainers VALUES (?, ?, ?, ?, ?, ?, ?)'),
    feeRule: db.prepare('INSERT INTO fee_rules VALUES (?, ?, ?, ?, ?, ?)'),
    complaint: db.prepare('INSERT INTO complaints VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    inspection: db.prepare('INSERT INTO inspections VALUES (?, ?, ?, ?, ?, ?, ?)'),
    notification: db.prepare('INSERT INTO notifications VALUES (?, ?, ?, ?, ?, ?, ?)'),
  };
  const asOf = `${SEED_TODAY}T08:00:00.000Z`;
  // The listed persons the seed places (listed-staff.ts) work only where it places them: a trainer drawn
  // with one of their identity numbers by chance gets the next sequence number instead (no draw, so later rows stay put).
  const listedIds = new Set(institutions.flatMap((inst) => listedStaffOf(inst)?.residentId ?? []));
  const notListed = (drawn: string): string =>
    listedIds.has(drawn) ? makeResidentId(drawn.slice(0, 6), drawn.slice(6, 14), String((Number(drawn.slice(14, 17)) % 999) + 1).padStart(3, '0')) : drawn;
  institutions.forEach((inst, index) => {
    const r = random.fork(inst.uscc);
    const troubled = inst.risk === 'TROUBLED' || inst.risk === 'REVOKED';
    const n = String(index + 1).padStart(6, '0');
    const registeredOn = r.date(inst.establishedOn, '2025-12-31');
    insert.institution.run(inst.uscc, inst.name, inst.regionCode, inst.regionName, inst.kind, registeredOn, asOf);

    // A few troubled institutions the education authority has not acted on yet: still WHITE while
    // market regulation has penalised or listed them (what the cross-agency comparison is for).
    const lagging = inst.risk === 'TROUBLED' && new Random(`education-lag:${inst.uscc}`).chance(0.15);
    const listStatus = inst.risk === 'REVOKED' ? 'BLACK' : inst.risk === 'TROUBLED' && !lagging ? 'GREY' : 'WHITE';
    const hasPermit = inst.nonProfit || inst.kind === 'SUBJECT_TUTORING' || r.chance(0.5);
    const permitFrom = r.date('2021-09-01', '2024-12-31');
    // Five years on; a permit issued on 29 February runs to 28 February, which always exists.
    const permitTo = `${Number(permitFrom.slice(0, 4)) + 5}${permitFrom.slice(4).replace('-02-29', '-02-28')}`;
    insert.filing.run(
      inst.uscc,
      `JYBA${inst.regionCode}${n}`,
      listStatus,
      hasPermit ? `教民${inst.regionCode}${r.digits(9)}号` : null,
      hasPermit ? permitFrom : null,
      hasPermit ? permitTo : null,
      inst.nonProfit ? 1 : 0,
      registeredOn,
      asOf,
    );

    const systems = r.int(1, 3);
    for (let s = 0; s < systems; s += 1) {
      const kind = (['WEBSITE', 'APP', 'MINI_PROGRAM'] as const)[s] ?? 'WEBSITE';
      const host = `www.${inst.uscc.slice(10, 16).toLowerCase()}.edu.cn`;
      insert.system.run(
        `${inst.uscc}-S${s + 1}`, inst.uscc, kind,
        kind === 'WEBSITE' ? `${inst.name}官网` : `${inst.name.slice(2, 6)}${kind === 'APP' ? 'App' : '小程序'}`,
        kind === 'WEBSITE' ? `https://${host}/` : `https://${host}/${kind.toLowerCase()}`,
        `京ICP备${r.digits(8)}号-${s + 1}`,
        r.chance(0.6) ? `B2-${r.digits(8)}` : null,
        r.pick([2, 2, 3]),
        troubled && r.chance(0.5) ? null : `${r.digits(11)}-${r.digits(5)}`,
        asOf,
      );
    }

    const subjects = SUBJECTS[inst.kind] ?? [];
    const courses = r.int(2, 12);
    for (let c = 0; c < courses; c += 1) {
      const subject = r.pick(subjects);
      const lessons = r.pick([12, 16, 24, 32, 48]);
      insert.course.run(
        `${inst.uscc}-C${String(c + 1).padStart(2, '0')}`, inst.uscc,
        `${subject}${r.pick(['精品班', '提高班', '基础班', '冲刺班', '一对一'])}`, subject,
        r.pick(GRADE_BANDS[inst.kind] ?? ['ADULT']),
        lessons * r.pick([40, 60, 80, 120, 200]), lessons,
        troubled && r.chance(0.3) ? 'REJECTED' : r.chance(0.1) ? 'PENDING' : 'APPROVED',
        asOf,
      );
    }

    const trainers = r.int(2, 8);
    for (let t = 0; t < trainers; t += 1) {
      const lapsed = (troubled && r.chance(0.4)) || !r.chance(0.97);
      const id = `${inst.uscc}-T${String(t + 1).padStart(2, '0')}`;
      insert.trainer.run(
        id, inst.uscc, personName(r),
        // A GOOD institution has every trainer qualified; its number is derived, not drawn, so the
        // draws after it stay where they were.
        !lapsed ? `${r.int(2005, 2024)}${inst.regionCode.slice(0, 2)}${r.digits(11)}` : inst.risk === 'GOOD' ? certificateOf(id, inst.regionCode) : null,
        JSON.stringify([r.pick(subjects), r.pick(subjects)].filter((v, i, a) => a.indexOf(v) === i)),
        hashResidentId(notListed(residentId(r, inst.regionCode, '1970-01-01', '2001-12-31')), SEED_PERSON_HASH_KEY),
        asOf,
      );
    }

    // A listed person on the payroll, qualified on paper: only their identity hash gives them away.
    const listed = listedStaffOf(inst);
    if (listed) {
      const id = `${inst.uscc}-T99`;
      insert.trainer.run(id, inst.uscc, listed.name, certificateOf(id, inst.regionCode), JSON.stringify(subjects.slice(0, 1)),
        hashResidentId(listed.residentId, SEED_PERSON_HASH_KEY), asOf);
    }

    // Troubled institutions charge for more than 60 lessons / 3 months at once.
    const overcharges = troubled && r.chance(0.6);
    insert.feeRule.run(
      inst.uscc, r.pick(['PER_LESSON', 'PER_TERM', 'PACKAGE']),
      overcharges ? r.pick([72, 96, 120]) : r.pick([20, 40, 60]),
      overcharges ? r.pick([6, 12]) : r.pick([1, 2, 3]),
      r.pick(['未消课时按原价全额退还，7个工作日内到账', '开课前全额退款；开课后按剩余课时比例退费', '按剩余课时退费，扣除已赠课时费用']),
      asOf,
    );

    const complaints = inst.risk === 'GOOD' ? (r.chance(0.2) ? 1 : 0) : r.int(1, troubled ? 8 : 3);
    for (let c = 0; c < complaints; c += 1) {
      const category = r.pick(Object.keys(COMPLAINT_SUMMARIES));
      const receivedOn = r.date('2023-01-01', SEED_TODAY);
      const status = r.pick(['RECEIVED', 'IN_PROGRESS', 'RESOLVED', 'RESOLVED', 'DISMISSED']);
      insert.complaint.run(
        `${inst.uscc}-Q${String(c + 1).padStart(2, '0')}`, inst.uscc, category, status, receivedOn,
        status === 'RESOLVED' || status === 'DISMISSED' ? r.date(receivedOn, SEED_TODAY) : null,
        COMPLAINT_SUMMARIES[category], asOf,
      );
    }

    const inspections = r.int(0, troubled ? 3 : 1);
    for (let k = 0; k < inspections; k += 1) {
      const result = troubled ? r.pick(['RECTIFICATION_ORDERED', 'REFERRED']) : 'COMPLIANT';
      insert.inspection.run(
        `${inst.uscc}-I${k + 1}`, inst.uscc, r.date('2022-01-01', SEED_TODAY), r.pick(['ROUTINE', 'SPOT_CHECK', 'COMPLAINT_DRIVEN']), result,
        result === 'COMPLIANT' ? '未发现违规情形' : r.pick(['存在超期收费情形', '部分教师无资质', '课程内容未备案', '预收费未纳入监管账户']),
        asOf,
      );
    }

    insert.notification.run(`${inst.uscc}-N1`, inst.uscc, 'FILING_APPROVED', `${inst.regionName.slice(0, 2)}教备〔${registeredOn.slice(0, 4)}〕${r.int(1, 999)}号`, '线上培训机构备案通知', registeredOn, asOf);
    if (troubled && !lagging) {
      const kind = inst.risk === 'REVOKED' ? 'FILING_WITHDRAWN' : r.pick(['RECTIFICATION_NOTICE', 'RISK_WARNING']);
      insert.notification.run(`${inst.uscc}-N2`, inst.uscc, kind, `${inst.regionName.slice(0, 2)}教监〔2026〕${r.int(1, 999)}号`,
        kind === 'FILING_WITHDRAWN' ? '关于撤销线上培训机构备案的通知' : '关于限期整改的通知', r.date('2025-01-01', SEED_TODAY), asOf);
    }
    // Some institutions in good standing were once ordered to put something right, and did: their verified
    // orders are what a joint conference's on-time rectification rate counts (seed-history.ts). A draw of its
    // own, so that no other seeded value moves.
    const rectified = new Random(`education-rectified:${inst.uscc}`);
    const lastIssue = addDays(SEED_TODAY, -120);
    if (!troubled && registeredOn < lastIssue && rectified.chance(0.1)) {
      const issuedOn = rectified.date(laterDate(addDays(registeredOn, 1), '2024-01-01'), lastIssue);
      insert.notification.run(`${inst.uscc}-N2`, inst.uscc, 'RECTIFICATION_NOTICE', `${inst.regionName.slice(0, 2)}教监〔${issuedOn.slice(0, 4)}〕${rectified.int(1, 999)}号`,
        '关于限期整改的通知', issuedOn, asOf);
    }
  });
  seedEducationHistories(db);
}

/** A certificate number derived from the trainer id (digits only, the seeded numbers' length). */
function certificateOf(trainerId: string, regionCode: string): string {
  let h = 0;
  for (const c of trainerId) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  return `2015${regionCode.slice(0, 2)}${String(h).padStart(11, '0').slice(-11)}`;
}
