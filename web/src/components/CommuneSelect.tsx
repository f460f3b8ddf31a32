import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api } from '../api.ts';
import { useClearable } from './clearable.tsx';

/**
 * Communes and wards of Cần Thơ (2025 units), searched as the user types; the value is the unit code.
 * Delete empties it from the keyboard (the clear button is for the mouse).
 */
export function CommuneSelect({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  id?: string;
}) {
  const clearable = useClearable();
  const [q, setQ] = useState('');
  const units = useQuery({
    queryKey: ['units', q],
    queryFn: () =>
      api<{ items: { code: string; fullName: string }[] }>(
        `/api/units?level=2&parentKey=2025:92&limit=20${q ? `&q=${encodeURIComponent(q)}` : ''}`,
      ),
  });
  return (
    <Select
      id={id}
      showSearch
      allowClear={clearable}
      onInputKeyDown={(e) => {
        if (e.key === 'Delete' && !q) onChange?.(undefined);
      }}
      filterOption={false}
      onSearch={setQ}
      value={value}
      onChange={onChange}
      options={(units.data?.items ?? []).map((u) => ({ value: u.code, label: `${u.fullName} (${u.code})` }))}
    />
  );
}
