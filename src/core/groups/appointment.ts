import type { DueDate, WorkingCalendar } from '../calendar/index.ts';
import type { TimeLimit } from '../catalog/index.ts';
import { appointmentAt } from '../records/index.ts';
import type { GroupDefinition } from './definitions.ts';

/** The group's appointment and how it was set. */
export interface GroupAppointment extends DueDate {
  /** `group`: the group's own limit; `members`: the latest member appointment (group limit unconfirmed). */
  readonly basis: 'group' | 'members';
  /** Working days of the group limit used (with or without verification); null on `members`. */
  readonly workingDays: number | null;
  /** True when the submission came on a working day after the cut-off and counts from the next one. */
  readonly afterCutoff: boolean;
}

/**
 * The appointment of a group submission made at `submittedAt` (DOMAIN.md §2.8): the group's own limit in
 * working days (with verification, the longer one), the first day counted being the day after the
 * submission day; with the group's cut-off rule a submission on a working day after the cut-off counts as
 * made on the next working day ("Nếu tiếp nhận hồ sơ sau 15 giờ thì thời gian được tính bắt đầu từ ngày làm
 * việc tiếp theo"). When the group limit is not confirmed, the latest of the members' own appointments
 * under the same cut-off (`memberLimits`: each member's legal limit for online submission).
 * @throws RangeError when a limit is out of the calendar's range, or no limit is known at all.
 */
export function groupAppointment(
  calendar: WorkingCalendar,
  group: GroupDefinition,
  submittedAt: Date,
  opts: { readonly verification?: boolean; readonly memberLimits?: readonly TimeLimit[] } = {},
): GroupAppointment {
  const cutoff = { applyCutoff: group.cutoff };
  const moved = calendar.addWorkingDays(submittedAt, 0, cutoff).startDate;
  const unmoved = calendar.addWorkingDays(submittedAt, 0).startDate;
  const afterCutoff = moved !== unmoved;
  if (group.timeLimit) {
    const workingDays = opts.verification
      ? group.timeLimit.withVerificationWorkingDays
      : group.timeLimit.workingDays;
    return {
      ...calendar.addWorkingDays(submittedAt, workingDays, cutoff),
      basis: 'group',
      workingDays,
      afterCutoff,
    };
  }
  const dues = (opts.memberLimits ?? []).map((limit) => appointmentAt(calendar, submittedAt, limit, cutoff));
  const latest = dues.reduce<DueDate | undefined>(
    (a, b) => (a === undefined || b.dueAt.getTime() > a.dueAt.getTime() ? b : a),
    undefined,
  );
  if (!latest) throw new RangeError(`Group ${group.code} has no time limit and no member limits`);
  return { ...latest, basis: 'members', workingDays: null, afterCutoff };
}
