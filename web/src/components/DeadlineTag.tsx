import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export type DeadlineFlag = 'due_soon' | 'overdue' | 'none' | null;

/** "Due soon" or "overdue", in colours that keep WCAG contrast; nothing when on time. */
export function DeadlineTag({ flag }: { flag: DeadlineFlag }) {
  const { t } = useTranslation();
  if (flag !== 'due_soon' && flag !== 'overdue') return null;
  return <Tag color={flag === 'overdue' ? '#b71c1c' : '#8d4b00'}>{t(`ws.flag.${flag}`)}</Tag>;
}

/** The worklist row class of the worse of two flags (overdue beats due soon). */
export function deadlineRowClass(...flags: DeadlineFlag[]): string {
  if (flags.includes('overdue')) return 'row-overdue';
  if (flags.includes('due_soon')) return 'row-due-soon';
  return '';
}
