import type { CommandResponse } from './run-command';
import type { StateRecord, StoredEvent } from './command-store';
import { allowedCommands, machine } from './state-machine';
import { chinaToday } from '../../../common/china-day';

/**
 * A record as GraphQL serves it: its data fields flattened beside the machine fields, the
 * commands its state allows, and (for a command's answer) the history as it stood then.
 */
export type RecordView = Record<string, unknown> & {
  id: string; uscc: string | null; regionCode: string; state: string; version: number; dueOn: string | null;
  createdAt: string; updatedAt: string; allowedCommands: string[]; overdue: boolean; history?: readonly StoredEvent[];
};

export function recordView(machineName: string, record: StateRecord, history?: readonly StoredEvent[]): RecordView {
  return {
    ...record.data,
    id: record.id, uscc: record.uscc, regionCode: record.regionCode, state: record.state, version: record.version,
    dueOn: record.dueOn, createdAt: record.createdAt, updatedAt: record.updatedAt,
    allowedCommands: allowedCommands(machine(machineName), record.state),
    // A deadline runs only while the record waits on someone; it has passed when today is later.
    overdue: record.dueOn !== null && record.dueOn < chinaToday(new Date()),
    ...(history ? { history } : {}),
  };
}

export function responseView(machineName: string, response: CommandResponse): RecordView {
  return recordView(machineName, response.record, response.history);
}
