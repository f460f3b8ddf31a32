const TZ = 'Asia/Ho_Chi_Minh';

function parts(iso: string) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: TZ,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return p as Record<'day' | 'month' | 'year' | 'hour' | 'minute', string>;
}

/** dd/MM/yyyy in Vietnam time. A bare date (yyyy-MM-dd) is shown as is. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  const p = parts(value);
  return `${p.day}/${p.month}/${p.year}`;
}

/** HH:mm dd/MM/yyyy in Vietnam time. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const p = parts(value);
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}
