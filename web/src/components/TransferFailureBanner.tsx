import { useQuery } from '@tanstack/react-query';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { formatDateTime } from '../format.ts';

/** A pending failed hand-over of a record (`transferFailure` of its state). */
export interface TransferFailure {
  at: string;
  fromStep: number;
  toSteps: number[];
  agencyId: string;
  reason: 'no_official' | 'agency_not_on_system' | 'integration_down';
  detail: string | null;
  attempts: number;
}

/**
 * The record page's banner while a hand-over has failed ("Chuyển xử lý không thành công"): the reason, the
 * agency it was for, when, how many attempts, and what it means for the clock (the record stays at the
 * step that handed it over, whose time keeps running, as does the legal deadline).
 */
export function TransferFailureBanner({ failure, stepName }: { failure: TransferFailure; stepName: string }) {
  const { t } = useTranslation();
  const agency = useQuery({
    queryKey: ['agency', failure.agencyId],
    staleTime: 3_600_000,
    queryFn: () => api<{ name: string }>(`/api/agencies/${failure.agencyId}`),
  });
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="transfer-failure"
      message={t('transfer.banner.title')}
      description={t('transfer.banner.body', {
        reason: t(`transfer.reason.${failure.reason}`),
        agency: agency.data?.name ?? '…',
        at: formatDateTime(failure.at),
        attempts: failure.attempts,
        step: stepName,
      })}
    />
  );
}
