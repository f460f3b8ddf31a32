import { Alert, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import type { Me } from '../../session.tsx';
import { AgenciesPage } from './Agencies.tsx';
import { AgencyPage } from './Agency.tsx';
import { BulkEditPage } from './catalog/BulkEdit.tsx';
import { CrossBoundaryPage } from './catalog/CrossBoundary.tsx';
import { ProcedureEditPage } from './catalog/ProcedureEdit.tsx';
import { ProcessDesignerPage } from './catalog/ProcessDesigner.tsx';
import { ReadinessPageView } from './catalog/Readiness.tsx';
import { HolidaysPage } from './Holidays.tsx';
import { IntegrationsPage } from './Integrations.tsx';
import { OfficialsPage } from './Officials.tsx';
import { RoleRulesPage } from './RoleRules.tsx';
import { UsersPage } from './Users.tsx';

const SECTIONS = [
  ['holidays', 'ngay-nghi'],
  ['users', 'nguoi-dung'],
  ['agencies', 'co-quan'],
  ['catalog', 'thu-tuc'],
  ['integrations', 'tich-hop'],
  ['officials', 'can-bo'],
  ['sso', 'dang-nhap-mot-lan'],
] as const;

/**
 * The administrators' pages under /can-bo/quan-tri (one lazily loaded chunk): the holiday table, users and
 * roles, agencies, the procedure catalogue (receivability, a procedure's versions, bulk edits, the
 * cross-boundary list). The server checks the admin role on every write; this only spares others a dead end.
 */
export function AdminPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  if (!me.roles.includes('admin')) return <Alert type="warning" showIcon message={t('admin.forbidden')} />;
  return (
    <Flex vertical gap={12}>
      <nav aria-label={t('admin.heading')} style={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        {SECTIONS.map(([key, slug]) => {
          const to = `/can-bo/quan-tri/${slug}`;
          const current = pathname.startsWith(to);
          return (
            <Link
              key={key}
              to={to}
              aria-current={current ? 'page' : undefined}
              style={{
                padding: '4px 12px',
                borderRadius: 4,
                border: '1px solid #0d47a1',
                background: current ? '#0d47a1' : 'transparent',
                color: current ? '#fff' : '#0d47a1',
              }}
            >
              {t(`admin.section.${key}`)}
            </Link>
          );
        })}
      </nav>
      <Routes>
        <Route index element={<Navigate to="/can-bo/quan-tri/ngay-nghi" replace />} />
        <Route path="ngay-nghi" element={<HolidaysPage me={me} />} />
        <Route path="nguoi-dung" element={<UsersPage me={me} />} />
        <Route path="co-quan" element={<AgenciesPage />} />
        <Route path="co-quan/:id" element={<AgencyPage />} />
        <Route path="thu-tuc" element={<ReadinessPageView />} />
        <Route path="thu-tuc/:code" element={<ProcedureEditPage />} />
        <Route path="thu-tuc/:code/quy-trinh" element={<ProcessDesignerPage />} />
        <Route path="thu-tuc-sua-hang-loat" element={<BulkEditPage />} />
        <Route path="thu-tuc-phi-dia-gioi" element={<CrossBoundaryPage />} />
        <Route path="tich-hop" element={<IntegrationsPage />} />
        <Route path="can-bo" element={<OfficialsPage me={me} />} />
        <Route path="dang-nhap-mot-lan" element={<RoleRulesPage />} />
        <Route path="*" element={<Navigate to="/can-bo/quan-tri/ngay-nghi" replace />} />
      </Routes>
    </Flex>
  );
}
