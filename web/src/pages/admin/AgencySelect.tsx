import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import type { Reply } from '../../contracts.ts';

/** An agency as `GET /api/agencies/:id` answers it. */
export type Agency = Reply<'GET /api/agencies/:id'>;

/** Agencies searched by name or code as the user types (after a pause); the value is the agency id. */
export function AgencySelect({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: string;
  onChange?: (id: string) => void;
}) {
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(timer);
  }, [q]);
  const found = useQuery({
    queryKey: ['agencies', 'select', debounced],
    queryFn: () =>
      api<{ items: Agency[] }>(
        `/api/agencies?limit=30${debounced ? `&q=${encodeURIComponent(debounced)}` : ''}`,
      ),
  });
  // The chosen agency stays labelled by name even when the search results no longer hold it.
  const chosen = useQuery({
    queryKey: ['agency', value],
    enabled: Boolean(value),
    queryFn: () => api<Agency>(`/api/agencies/${value}`),
  });
  const options = (found.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }));
  if (chosen.data && !options.some((o) => o.value === chosen.data.id))
    options.unshift({ value: chosen.data.id, label: chosen.data.name });
  return (
    <Select
      id={id}
      showSearch
      filterOption={false}
      onSearch={setQ}
      value={value}
      onChange={onChange}
      loading={found.isFetching}
      style={{ minWidth: 320, maxWidth: '100%' }}
      options={options}
    />
  );
}
