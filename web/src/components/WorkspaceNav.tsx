import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useMe } from '../session.tsx';

/**
 * The workspace's own pages, for a signed-in official; the approval queue only for leaders, the reports
 * dashboard for leaders, monitors and administrators.
 */
export function WorkspaceNav() {
  const { t } = useTranslation();
  const me = useMe();
  const { pathname } = useLocation();
  // Until a reset password is changed, only the change-password page is open: no links to elsewhere.
  if (!me.data || me.data.mustChangePassword || me.data.mfaEnrolmentRequired) return null;
  const links: [string, string][] = [
    ['/can-bo', t('ws.worklist.heading')],
    ...(me.data.roles.includes('leader') ? [['/can-bo/phe-duyet', t('queue.nav')] as [string, string]] : []),
    ['/can-bo/tim-kiem', t('search.nav')],
    ...((['leader', 'monitor', 'admin'] as const).some((r) => me.data.roles.includes(r))
      ? [
          ['/can-bo/bao-cao', t('dash.nav')] as [string, string],
          ['/can-bo/chuyen-khong-thanh-cong', t('transfer.nav')] as [string, string],
        ]
      : []),
    ['/can-bo/doi-mat-khau', t('pwd.nav')],
    ['/can-bo/phien-dang-nhap', t('sess.nav')],
    ['/can-bo/xac-thuc-hai-lop', t('sess.mfa.nav')],
  ];
  return (
    <nav
      aria-label={t('app.workspace')}
      style={{ display: 'flex', gap: 4, flexWrap: 'wrap', marginBottom: 12 }}
    >
      {links.map(([to, label]) => (
        <Link
          key={to}
          to={to}
          aria-current={pathname === to ? 'page' : undefined}
          style={{
            padding: '4px 12px',
            borderRadius: 4,
            border: '1px solid #d9d9d9',
            background: pathname === to ? '#0d47a1' : '#fff',
            color: pathname === to ? '#fff' : '#0d47a1',
          }}
        >
          {label}
        </Link>
      ))}
    </nav>
  );
}
