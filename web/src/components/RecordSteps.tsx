import { useQuery } from '@tanstack/react-query';
import { Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { formatDateTime } from '../format.ts';

/** One step of a record's process, as GET /api/records/:id gives it. */
export interface RecordStepView {
  key: string;
  role: string;
  kind?: string;
  after?: number[];
  name_vi?: string;
  name_en?: string;
  agencyId: string;
  assigneeId: string | null;
  budgetWorkingHours?: number;
  startedAt?: string | null;
  dueAt: string | null;
  finishedAt?: string | null;
}

/** A finished visit of a step (a line of the control slip), as the timeline gives them. */
export interface StepVisitView {
  stepIndex: number;
  finishedAt: string;
  timing: 'early' | 'on_time' | 'late';
}

type StepState = 'active' | 'done' | 'pending';

const STATE_COLOR: Record<StepState, string> = { active: '#0d47a1', done: '#1b5e20', pending: '#595959' };
const TIMING_COLOR = { early: '#1b5e20', on_time: '#0d47a1', late: '#b71c1c' } as const;

/** The steps each step waits for (absent `after`: the one before it). */
const predecessors = (steps: RecordStepView[], i: number) => steps[i]?.after ?? (i > 0 ? [i - 1] : []);

/**
 * The steps in rows: a step's row is one below the lowest row after all it waits for, so the branches of a
 * split stand side by side in one row.
 */
export function stepRows(steps: RecordStepView[]): number[][] {
  const level: number[] = [];
  const levelOf = (i: number, seen: Set<number>): number => {
    if (level[i] !== undefined) return level[i]!;
    if (seen.has(i)) return 0;
    seen.add(i);
    const preds = predecessors(steps, i).filter((p) => p >= 0 && p < steps.length);
    const l = preds.length === 0 ? 0 : 1 + Math.max(...preds.map((p) => levelOf(p, seen)));
    level[i] = l;
    return l;
  };
  const rows: number[][] = [];
  steps.forEach((_, i) => {
    const l = levelOf(i, new Set());
    const row = rows[l] ?? [];
    row.push(i);
    rows[l] = row;
  });
  return rows.filter(Boolean);
}

/** The name of a step in the interface's language (the four former steps by their translated key). */
export function useStepName() {
  const { t, i18n } = useTranslation();
  return (s: RecordStepView) =>
    (i18n.language === 'en' ? s.name_en : s.name_vi) ?? t(`step.${s.key}`, { defaultValue: s.key });
}

function StepBox({
  step,
  index,
  state,
  visit,
  now,
}: {
  step: RecordStepView;
  index: number;
  state: StepState;
  visit: StepVisitView | undefined;
  now: number;
}) {
  const { t } = useTranslation();
  const name = useStepName();
  const agency = useQuery({
    queryKey: ['agency', step.agencyId],
    enabled: Boolean(step.agencyId),
    staleTime: 3_600_000,
    queryFn: () => api<{ name: string }>(`/api/agencies/${step.agencyId}`),
  });
  const overdue = state === 'active' && step.dueAt !== null && Date.parse(step.dueAt) < now;
  return (
    <section
      aria-label={`${index + 1}. ${name(step)}`}
      data-step-state={state}
      style={{
        flex: '1 1 220px',
        border: `1px solid ${state === 'active' ? STATE_COLOR.active : '#d9d9d9'}`,
        borderInlineStart: `4px solid ${STATE_COLOR[state]}`,
        borderRadius: 6,
        padding: '8px 12px',
        background: state === 'active' ? '#f0f5ff' : undefined,
      }}
    >
      <Flex justify="space-between" gap={8} wrap>
        <Typography.Text strong>
          {index + 1}. {name(step)}
        </Typography.Text>
        <Tag color={STATE_COLOR[state]} style={{ marginInlineEnd: 0 }}>
          {t(`ws.process.state.${state}`)}
        </Tag>
      </Flex>
      <div>{agency.data?.name ?? '…'}</div>
      <Typography.Text type="secondary" style={{ display: 'block' }}>
        {t(`admin.users.role.${step.role}`, { defaultValue: step.role })}
        {step.budgetWorkingHours !== undefined &&
          ` · ${t('ws.process.budget', { hours: step.budgetWorkingHours })}`}
      </Typography.Text>
      {state === 'active' && step.dueAt && (
        <div>
          {t('ws.process.due', { at: formatDateTime(step.dueAt) })}
          {overdue && (
            <Tag color={TIMING_COLOR.late} style={{ marginInlineStart: 8 }}>
              {t('ws.process.overdue')}
            </Tag>
          )}
        </div>
      )}
      {state === 'done' && visit && (
        <div>
          {t('ws.process.finished', { at: formatDateTime(visit.finishedAt) })}
          <Tag color={TIMING_COLOR[visit.timing]} style={{ marginInlineStart: 8 }}>
            {t(`ws.process.timing.${visit.timing}`)}
          </Tag>
        </div>
      )}
    </section>
  );
}

/**
 * The record's process: every step with its agency, role and budget, in rows (the branches of a split side
 * by side), each active, done or not yet reached, with its due time and, once done, whether on time.
 */
export function RecordSteps({
  steps,
  activeSteps,
  status,
  visits,
}: {
  steps: RecordStepView[];
  /** Every active step (old records: the current step only). */
  activeSteps: number[];
  status: string;
  visits: StepVisitView[];
}) {
  const { t } = useTranslation();
  if (steps.length === 0) return null;
  const now = Date.now();
  const lastVisit = (i: number) => visits.filter((v) => v.stepIndex === i).at(-1);
  const stateOf = (i: number): StepState => {
    if (activeSteps.includes(i)) return 'active';
    // Records of the open model say when a step finished; older ones, by the control slip's visits.
    const finishedAt = steps[i]?.finishedAt;
    if (finishedAt !== undefined) return finishedAt ? 'done' : 'pending';
    if (lastVisit(i)) return 'done';
    if (status === 'delivered' && i === steps.length - 1) return 'done';
    return 'pending';
  };
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ws.process.heading')}</h2>}>
      <Flex vertical gap={8}>
        {stepRows(steps).map((row) => (
          <div key={row.join('-')}>
            {row.length > 1 && (
              <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
                {t('ws.process.parallel')}
              </Typography.Text>
            )}
            <Flex gap={8} wrap>
              {row.map((i) => (
                <StepBox
                  key={i}
                  step={steps[i]!}
                  index={i}
                  state={stateOf(i)}
                  visit={lastVisit(i)}
                  now={now}
                />
              ))}
            </Flex>
          </div>
        ))}
      </Flex>
    </Card>
  );
}
