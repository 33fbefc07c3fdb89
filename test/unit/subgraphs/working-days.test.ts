import { createDeadlines, dueDate, isWorkingDay, loadCalendar, parseCalendar } from '../../../subgraphs/shared/commands/working-days';
import { publicityWindow } from '../../../subgraphs/shared/commands/publicity-windows';
import { machine, parseMachines, planTransition } from '../../../subgraphs/shared/commands/state-machine';
import { actingLevel, assertLevel, PUBLIC_ACTOR } from '../../../subgraphs/shared/commands/actor';

describe('the working-day calendar (rules/working-days.json)', () => {
  const calendar = loadCalendar();
  const rule = { unit: 'WORKING_DAY' as const, length: 7, legalBasis: 'test', status: 'verified' };

  it('knows the 2025 and 2026 holidays and make-up working days of the State Council notices', () => {
    expect(isWorkingDay(calendar, '2025-01-28')).toBe(false); // 春节
    expect(isWorkingDay(calendar, '2025-01-26')).toBe(true); // Sunday, make-up day
    expect(isWorkingDay(calendar, '2025-10-08')).toBe(false);
    expect(isWorkingDay(calendar, '2025-10-11')).toBe(true); // Saturday, make-up day
    expect(isWorkingDay(calendar, '2026-02-23')).toBe(false);
    expect(isWorkingDay(calendar, '2026-02-28')).toBe(true);
    expect(isWorkingDay(calendar, '2026-05-09')).toBe(true);
    expect(isWorkingDay(calendar, '2026-09-25')).toBe(false); // 中秋节
    expect(isWorkingDay(calendar, '2026-11-02')).toBe(true);
    expect(isWorkingDay(calendar, '2026-11-01')).toBe(false); // Sunday
  });

  it('counts 7 working days across National Day 2026 and the Saturday make-up day', () => {
    expect(dueDate(calendar, 'complaint.acceptance', rule, '2026-09-28')).toEqual({ dueOn: '2026-10-13', rule: 'complaint.acceptance', calendarVersion: 'CN-2025-2027.1', provisional: false });
    // Friday 13 February: Saturday 14 (make-up), Spring Festival 15-23, 24-27, Saturday 28 (make-up), Monday 2 March.
    expect(dueDate(calendar, 'x', rule, '2026-02-13').dueOn).toBe('2026-03-02');
  });

  it('marks a deadline provisional when it counts days of an unverified year', () => {
    const due = dueDate(calendar, 'complaint.mediation', { ...rule, length: 45 }, '2026-12-01');
    expect(due.provisional).toBe(true);
    expect(due.dueOn > '2027-02-01').toBe(true);
    expect(createDeadlines(calendar).due('complaint.acceptance', '2026-11-02').provisional).toBe(false);
  });

  it('refuses a malformed calendar, naming the problem', () => {
    expect(() => parseCalendar({ versions: [{ version: 'v', years: { 2026: { status: 'maybe' } } }] })).toThrow(/status must be verified or unverified/);
    expect(() => parseCalendar({ versions: [{ version: 'v', years: { 2026: { status: 'verified', holidays: [['2025-01-01', '2025-01-01']] } } }] })).toThrow(/not in 2026/);
  });
});

describe('the state machines (rules/machines.json)', () => {
  it('names the current state and the allowed commands when a transition is refused', () => {
    const a = machine('REGULATORY_STATUS');
    expect(planTransition(a, 'LIQUIDATING', 'CLOSE').to).toBe('CLOSED');
    expect(() => planTransition(a, 'CLOSED', 'APPROVE')).toThrow('APPROVE is not allowed in state CLOSED; CLOSED allows no command');
    expect(() => planTransition(machine('BUSINESS_LICENCE'), 'NONE', 'REGISTER')).toThrow(/has no command REGISTER/);
  });

  it('refuses a machine whose transitions name unknown states', () => {
    expect(() => parseMachines({ machines: { M: { agency: 'x', recordKind: 'm', initial: 'A', states: ['A'], transitions: { GO: { from: ['A'], to: 'B' } } } } })).toThrow(/unknown state 'B'/);
  });

  it('refuses a transition that names no level, or an unknown one: nobody may take an unnamed step', () => {
    const withLevels = (levels: unknown) => ({ machines: { M: { agency: 'x', recordKind: 'm', initial: 'A', states: ['A', 'B'], transitions: { GO: { from: ['A'], to: 'B', levels } } } } });
    expect(() => parseMachines(withLevels(undefined))).toThrow(/M.GO.levels must be an array of strings/);
    expect(() => parseMachines(withLevels([]))).toThrow(/M.GO.levels must name at least one of PUBLIC, COUNTY, PREFECTURE, PROVINCE, NATIONAL/);
    expect(() => parseMachines(withLevels(['TOWNSHIP']))).toThrow(/unknown level 'TOWNSHIP'/);
    expect(parseMachines(withLevels(['COUNTY'])).get('M')!.transitions.get('GO')!.levels).toEqual(['COUNTY']);
  });

  it('reads "by": "ISSUER" and refuses any other actor rule', () => {
    const by = (value: unknown) => ({ machines: { M: { agency: 'x', recordKind: 'm', initial: 'A', states: ['A', 'B'], transitions: { GO: { from: ['A'], to: 'B', levels: ['COUNTY'], by: value } } } } });
    expect(parseMachines(by('ISSUER')).get('M')!.transitions.get('GO')!.issuerOnly).toBe(true);
    expect(parseMachines(by(undefined)).get('M')!.transitions.get('GO')!.issuerOnly).toBeUndefined();
    expect(() => parseMachines(by('SUPERIOR'))).toThrow(/M.GO.by: the one value known is 'ISSUER', got "SUPERIOR"/);
  });

  it('reads the officer\'s level from the structure of the GB/T 2260 code, and refuses a step to the levels not named', () => {
    const officer = (region: string) => ({ subject: 'o', consumer: 'c', agency: null, region });
    expect(['110108', '110100', '110000', '000000', '440305', '440300'].map((r) => actingLevel(officer(r)))).toEqual(['COUNTY', 'PREFECTURE', 'PROVINCE', 'NATIONAL', 'COUNTY', 'PREFECTURE']);
    expect(actingLevel(PUBLIC_ACTOR)).toBe('PUBLIC');
    const approve = machine('REGULATORY_STATUS').transitions.get('APPROVE')!;
    expect(approve.levels).toEqual(['PROVINCE']);
    expect(() => assertLevel(officer('110000'), 'REGULATORY_STATUS', 'APPROVE', approve.levels)).not.toThrow();
    expect(() => assertLevel(officer('110108'), 'REGULATORY_STATUS', 'APPROVE', approve.levels)).toThrow(/APPROVE on REGULATORY_STATUS is taken at PROVINCE level; the officer's region 110108 is COUNTY level/);
    // Every step a mutation offers names who may take it; only the public files a complaint.
    for (const name of ['REGULATORY_STATUS', 'LIST_STATUS', 'COMPLAINT', 'CUSTODY', 'BUSINESS_LICENCE']) {
      for (const t of machine(name).transitions.values()) if (!t.internal) expect([name, t.command, t.levels.length > 0]).toEqual([name, t.command, true]);
    }
    expect([...machine('COMPLAINT').transitions.values()].filter((t) => t.levels.includes('PUBLIC')).map((t) => t.command)).toEqual(['SUBMIT']);
  });
});

describe('publicity windows by tier (rules/publicity-windows.json)', () => {
  it('follows the regime in force on the decision date', () => {
    expect(publicityWindow('GENERAL', '2026-05-10')).toMatchObject({ regime: 'GOV-2025-22', published: true, publicityEnd: '2027-05-09', repairEligibleFrom: '2026-08-10' });
    expect(publicityWindow('SERIOUS', '2026-05-10')).toMatchObject({ publicityEnd: '2029-05-09', repairEligibleFrom: '2027-05-10' });
    expect(publicityWindow('MINOR', '2026-05-10').published).toBe(false);
    expect(publicityWindow('MINOR', '2025-05-10')).toMatchObject({ regime: 'NDRC-58-2023', regimeStatus: 'unverified', published: true });
  });
});
