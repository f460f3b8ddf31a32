import { Alert, Flex, Form, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { CommuneSelect } from './CommuneSelect.tsx';

export type Channel = 'in_person' | 'online' | 'post';
export type RoutingFact =
  | 'residenceUnitCode'
  | 'landParcelUnitCode'
  | 'businessUnitCode'
  | 'originalUnitCode'
  | 'level';

/** What GET /api/procedures/:code says of receiving the procedure (catalogue readiness). */
export interface Receivability {
  receivable: Record<Channel, boolean>;
  reasons: Record<Channel, { code: string; message_vi: string; message_en: string }[]>;
  routingFacts: RoutingFact[];
}

/**
 * Why a procedure cannot be received through `channel` now, in the reader's language, and where to go
 * instead (the counter, the post, or nowhere until the city sets the procedure up).
 */
export function NotReceivable({ procedure, channel }: { procedure: Receivability; channel: Channel }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const reasons = procedure.reasons[channel];
  const instead: Channel | undefined = (['in_person', 'post', 'online'] as const).find(
    (c) => c !== channel && procedure.receivable[c],
  );
  return (
    <Alert
      type="warning"
      showIcon
      data-testid={`not-receivable-${channel}`}
      message={t(`receivability.not.${channel}`)}
      description={
        <>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {reasons.map((r) => (
              <li key={`${r.code}-${r.message_vi}`}>{en ? r.message_en : r.message_vi}</li>
            ))}
          </ul>
          <p style={{ margin: '8px 0 0' }}>{t(`receivability.instead.${instead ?? 'none'}`)}</p>
        </>
      }
    />
  );
}

/** The commune facts' labels (translation keys under ws.routing). */
const COMMUNE_FACTS: Record<Exclude<RoutingFact, 'level'>, string> = {
  residenceUnitCode: 'residence',
  landParcelUnitCode: 'landParcel',
  businessUnitCode: 'business',
  originalUnitCode: 'original',
};

/**
 * The routing facts a procedure's competent-agency rule needs, and only those: the commune of residence,
 * of the land parcel, of the business, of the earlier act, or for a procedure decided at city or commune
 * level by case the level first (the commune of residence then only at commune level). Each is required.
 */
export function RoutingFields({ facts, itemStyle }: { facts: readonly RoutingFact[]; itemStyle?: object }) {
  const { t } = useTranslation();
  const required = [{ required: true, message: t('ws.required') }];
  const byCase = facts.includes('level');
  return (
    <Flex gap={12} wrap>
      {byCase && (
        <Form.Item name="level" label={t('ws.routing.level')} rules={required} style={itemStyle}>
          <Radio.Group
            options={[
              { value: 'commune', label: t('ws.routing.levelCommune') },
              { value: 'city', label: t('ws.routing.levelCity') },
            ]}
          />
        </Form.Item>
      )}
      {facts
        .filter((f): f is Exclude<RoutingFact, 'level'> => f !== 'level')
        .map((f) =>
          byCase && f === 'residenceUnitCode' ? (
            <Form.Item key={f} noStyle dependencies={['level']}>
              {({ getFieldValue }) =>
                getFieldValue('level') === 'commune' ? (
                  <Form.Item
                    name={f}
                    label={t(`ws.routing.${COMMUNE_FACTS[f]}`)}
                    rules={required}
                    style={itemStyle}
                  >
                    <CommuneSelect />
                  </Form.Item>
                ) : null
              }
            </Form.Item>
          ) : (
            <Form.Item
              key={f}
              name={f}
              label={t(`ws.routing.${COMMUNE_FACTS[f]}`)}
              rules={required}
              style={itemStyle}
            >
              <CommuneSelect />
            </Form.Item>
          ),
        )}
    </Flex>
  );
}

/** The record's `routing` from the form's values: the facts the procedure asks, as given. */
export function routingOf(v: Record<string, unknown>, facts: readonly RoutingFact[]): Record<string, string> {
  const routing: Record<string, string> = {};
  for (const f of facts) if (typeof v[f] === 'string' && v[f]) routing[f] = v[f] as string;
  return routing;
}
