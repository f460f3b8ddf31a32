import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';

export interface Agency {
  id: string;
  code: string;
  name: string;
  shortName: string;
  kind: string;
  level: 'city' | 'commune';
  unitKey: string;
  canReceive: boolean;
  workingHours: unknown;
  /** E.164 (+84…), printed on slip 02; null when unset. */
  contactPhone: string | null;
  validFrom: string | null;
  /** Sector bodies: the 2025 communes served; null when the service area is still open. */
  servesUnitCodes?: string[] | null;
  /** The catalogue phrasing a derived agency comes from. */
  source?: string | null;
}

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
