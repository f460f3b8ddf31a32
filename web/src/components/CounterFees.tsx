import { useQuery } from '@tanstack/react-query';
import { Flex, Form, type FormInstance, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import type { Reply } from '../contracts.ts';
import { formatVnd } from './FeesPanel.tsx';

type FeeLines = Reply<'GET /api/procedures/:code/fees'>;

/** What the counter sends as `fees` of `receive`: the categories accepted and the quantity per line. */
export function counterFees(v: { feeCategories?: string[]; feeQuantities?: Record<string, number | null> }) {
  const quantities = Object.fromEntries(
    Object.entries(v.feeQuantities ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );
  const categories = v.feeCategories ?? [];
  if (categories.length === 0 && Object.keys(quantities).length === 0) return undefined;
  return {
    categories,
    quantities: Object.entries(quantities).map(([line, quantity]) => ({ line: Number(line), quantity })),
  };
}

/**
 * The counter's fee fields (docs/FEES.md): the exemption or reduction categories the official accepted on
 * proof, the quantity of each per-copy or per-page line, and the amount the server estimates for them (the
 * record's own amount is computed at reception).
 */
export function CounterFees({ code, form }: { code: string; form: FormInstance }) {
  const { t } = useTranslation();
  const categories = (Form.useWatch('feeCategories', form) as string[] | undefined) ?? [];
  const quantities =
    (Form.useWatch('feeQuantities', form) as Record<string, number | null> | undefined) ?? {};
  const given = counterFees({ feeCategories: categories, feeQuantities: quantities });
  const query = new URLSearchParams({ channel: 'in_person' });
  if (given?.categories.length) query.set('categories', given.categories.join(','));
  const pairs = (given?.quantities ?? []).map((q) => `${q.line}:${q.quantity}`);
  if (pairs.length) query.set('quantities', pairs.join(','));
  const fees = useQuery({
    queryKey: ['fees', code, query.toString()],
    queryFn: () => api<FeeLines>(`/api/procedures/${code}/fees?${query}`),
    placeholderData: (previous) => previous,
  });
  const data = fees.data;
  if (!data || data.lines.length === 0) return null;
  return (
    <Flex vertical gap={4} data-testid="counter-fees">
      <Typography.Text strong>{t('fees.heading')}</Typography.Text>
      <Form.Item name="feeCategories" label={t('fees.categoriesLabel')} style={{ marginBottom: 8 }}>
        <Select
          mode="multiple"
          allowClear
          options={data.categories.map((c) => ({
            value: c,
            label: t(`fees.category.${c}`, { defaultValue: c }),
          }))}
        />
      </Form.Item>
      {data.lines.map((l, i) =>
        (l.unit ?? 'per_record') === 'per_record' || (l.channel && l.channel !== 'in_person') ? null : (
          <Form.Item
            // biome-ignore lint/suspicious/noArrayIndexKey: the index is the line's identity in the API (quantities by index)
            key={`line-${i}`}
            name={['feeQuantities', String(i)]}
            label={t('fees.quantityOf', { name: l.name, unit: t(`fees.unit.${l.unit}`) })}
            style={{ marginBottom: 8 }}
          >
            <InputNumber min={0} max={10000} precision={0} placeholder="1" />
          </Form.Item>
        ),
      )}
      {data.estimate && (
        <Typography.Paragraph style={{ margin: 0 }} data-testid="counter-fees-total">
          {t('fees.estimate', { amount: formatVnd(data.estimate.totalVnd) })}
        </Typography.Paragraph>
      )}
    </Flex>
  );
}
