import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { formatDate, formatDateTime } from '../format.ts';

interface CivilStatusView {
  handedOver: boolean;
  handedOverAt: string | null;
  result: {
    registrationNumber: string;
    bookNumber: string | null;
    registeredOn: string | null;
    signer: string | null;
    syncedAt: string;
  } | null;
}
interface Shipment {
  trackingNumber: string;
  address: string;
  status: 'handed_over' | 'delivered' | 'returned';
  statusAt: string;
  returnReason: string | null;
}

/**
 * What other systems hold about the record (issue 16): the civil-status registration synchronised back from
 * the civil-status software, and the Vietnam Post shipments with their tracking numbers. Nothing when neither.
 */
export function RecordConnections({ recordId }: { recordId: string }) {
  const { t } = useTranslation();
  const civil = useQuery({
    queryKey: ['record-civil-status', recordId],
    queryFn: () => api<CivilStatusView>(`/api/records/${recordId}/civil-status`),
  });
  const shipments = useQuery({
    queryKey: ['record-shipments', recordId],
    queryFn: () => api<{ items: Shipment[] }>(`/api/records/${recordId}/shipments`),
  });
  const c = civil.data;
  const items = shipments.data?.items ?? [];
  if (!c?.handedOver && items.length === 0) return null;
  const statusColor = { handed_over: 'blue', delivered: 'green', returned: 'red' } as const;
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ws.record.connections')}</h2>}>
      {c?.handedOver && (
        <Descriptions size="small" column={1} title={t('ws.record.civilStatus')}>
          <Descriptions.Item label={t('ws.record.civilStatusHandedOver')}>
            {c.handedOverAt ? formatDateTime(c.handedOverAt) : ''}
          </Descriptions.Item>
          {c.result ? (
            <>
              <Descriptions.Item label={t('ws.record.registrationNumber')}>
                {c.result.registrationNumber}
              </Descriptions.Item>
              <Descriptions.Item label={t('ws.record.bookNumber')}>{c.result.bookNumber}</Descriptions.Item>
              <Descriptions.Item label={t('ws.record.registeredOn')}>
                {c.result.registeredOn ? formatDate(c.result.registeredOn) : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('ws.record.signer')}>{c.result.signer}</Descriptions.Item>
            </>
          ) : (
            <Descriptions.Item label={t('ws.record.registrationNumber')}>
              {t('ws.record.civilStatusWaiting')}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      {items.map((s) => (
        <Descriptions key={s.trackingNumber} size="small" column={1} title={t('ws.record.shipment')}>
          <Descriptions.Item label={t('ws.record.trackingNumber')}>
            <span data-testid="tracking-number">{s.trackingNumber}</span>{' '}
            <Tag color={statusColor[s.status]}>{t(`ws.record.shipmentStatus.${s.status}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('ws.record.postAddress')}>{s.address}</Descriptions.Item>
          <Descriptions.Item label={t('ws.record.shipmentAt')}>
            {formatDateTime(s.statusAt)}
          </Descriptions.Item>
          {s.returnReason && (
            <Descriptions.Item label={t('ws.record.returnReason')}>{s.returnReason}</Descriptions.Item>
          )}
        </Descriptions>
      ))}
    </Card>
  );
}
