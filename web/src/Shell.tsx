import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Layout, Spin, Typography } from 'antd';
import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useLocation, useNavigate } from 'react-router';
import { api, SESSION_LOST_EVENT } from './api.ts';
import { WorkspaceNav } from './components/WorkspaceNav.tsx';
import type { Reply } from './contracts.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { setLanguage } from './i18n.ts';
import { GroupSubmitPage, GroupTrackPage } from './pages/Groups.tsx';
import { Home } from './pages/Home.tsx';
import { ProcedurePage } from './pages/Procedure.tsx';
import { TrackPage } from './pages/Track.tsx';
import { type Me, MFA_PATH, RequireSession, sessionEndedPath } from './session.tsx';

// The portal's pages load with the app; the workspace and the submission forms load when first opened,
// so a citizen's first visit downloads only what the portal needs.
const CounterPage = lazy(() => import('./pages/Counter.tsx').then((m) => ({ default: m.CounterPage })));
const LoginPage = lazy(() => import('./pages/Login.tsx').then((m) => ({ default: m.LoginPage })));
const RecordPage = lazy(() => import('./pages/RecordPage.tsx').then((m) => ({ default: m.RecordPage })));
const WorklistPage = lazy(() => import('./pages/Worklist.tsx').then((m) => ({ default: m.WorklistPage })));
const MyRecordPage = lazy(() => import('./pages/MyRecord.tsx').then((m) => ({ default: m.MyRecordPage })));
const MyRecordsPage = lazy(() => import('./pages/MyRecords.tsx').then((m) => ({ default: m.MyRecordsPage })));
const MyRecordDetailPage = lazy(() =>
  import('./pages/MyRecords.tsx').then((m) => ({ default: m.MyRecordDetailPage })),
);
const SubmitPage = lazy(() => import('./pages/Submit.tsx').then((m) => ({ default: m.SubmitPage })));
const ApprovalQueuePage = lazy(() =>
  import('./pages/ApprovalQueue.tsx').then((m) => ({ default: m.ApprovalQueuePage })),
);
const SearchPage = lazy(() => import('./pages/Search.tsx').then((m) => ({ default: m.SearchPage })));
const AdminPage = lazy(() => import('./pages/admin/Admin.tsx').then((m) => ({ default: m.AdminPage })));
const AwaitingRolesPage = lazy(() =>
  import('./pages/AwaitingRoles.tsx').then((m) => ({ default: m.AwaitingRolesPage })),
);
const ChangePasswordPage = lazy(() =>
  import('./pages/ChangePassword.tsx').then((m) => ({ default: m.ChangePasswordPage })),
);
const TransferFailuresPage = lazy(() =>
  import('./pages/TransferFailures.tsx').then((m) => ({ default: m.TransferFailuresPage })),
);
const DashboardPage = lazy(() => import('./pages/Dashboard.tsx').then((m) => ({ default: m.DashboardPage })));
const SessionsPage = lazy(() => import('./pages/Sessions.tsx').then((m) => ({ default: m.SessionsPage })));
const MfaPage = lazy(() => import('./pages/Mfa.tsx').then((m) => ({ default: m.MfaPage })));

/**
 * The browser tab names the page: its heading, then the portal. Follows the heading as pages load and
 * change (the record code, a translated heading), so no page has to set it.
 */
function usePageTitle(content: React.RefObject<HTMLElement | null>, portal: string): void {
  useEffect(() => {
    const element = content.current;
    if (!element) return;
    const update = () => {
      const heading = element.querySelector('h1')?.textContent?.trim();
      const title = heading ? `${heading} — ${portal}` : portal;
      if (document.title !== title) document.title = title;
    };
    update();
    const observer = new MutationObserver(update);
    observer.observe(element, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [content, portal]);
}

/**
 * The portal's frame: title, navigation, language switch, and in the workspace who is signed in with a
 * sign-out (counter PCs are shared); pages below, in the layout's one `<main>`.
 */
export function Shell() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const content = useRef<HTMLElement>(null);
  usePageTitle(content, t('app.title'));
  const selected = location.pathname.startsWith('/tra-cuu')
    ? 'track'
    : location.pathname.startsWith('/ho-so-cua-toi')
      ? 'citizen'
      : location.pathname.startsWith('/can-bo/quan-tri')
        ? 'admin'
        : location.pathname.startsWith('/can-bo')
          ? 'workspace'
          : 'portal';
  // Administration is offered to admins. The session is read only inside the workspace (or kept from
  // there), so a citizen's visit to the portal makes no extra request.
  const me = useQuery({
    queryKey: ['me'],
    queryFn: () => api<Me>('/api/auth/me'),
    enabled:
      selected !== 'portal' &&
      selected !== 'track' &&
      selected !== 'citizen' &&
      location.pathname !== '/can-bo/dang-nhap',
    retry: false,
    staleTime: 60_000,
  });
  const isAdmin = me.data?.roles.includes('admin') ?? false;
  // A session that ends while the official works (idle, expired, revoked elsewhere): back to the login page
  // with a message saying so, and back here after signing in again.
  const signedIn = me.data !== undefined;
  useEffect(() => {
    const lost = () => {
      if (!signedIn || !location.pathname.startsWith('/can-bo') || location.pathname === '/can-bo/dang-nhap')
        return;
      queries.clear();
      navigate(sessionEndedPath(location.pathname + location.search), { replace: true });
    };
    window.addEventListener(SESSION_LOST_EVENT, lost);
    return () => window.removeEventListener(SESSION_LOST_EVENT, lost);
  }, [signedIn, location.pathname, location.search, navigate, queries]);
  const signOut = async () => {
    // A session opened by single sign-on also ends at the provider (RP-initiated logout), which sends the
    // browser back to the sign-in page.
    const out = await api<Reply<'POST /api/auth/sso/logout'>>('/api/auth/sso/logout', {
      method: 'POST',
    }).catch(() => ({ endSessionUrl: null }));
    // Nothing of this official stays in the page for the next one.
    queries.clear();
    if (out.endSessionUrl) window.location.assign(out.endSessionUrl);
    else navigate('/can-bo/dang-nhap', { replace: true });
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          paddingInline: 16,
          flexWrap: 'wrap',
          height: 'auto',
          lineHeight: 1.5,
          paddingBlock: 8,
        }}
      >
        <Link to="/" style={{ color: '#fff', fontWeight: 600 }}>
          {t('app.title')}
        </Link>
        <nav aria-label={t('app.title')} style={{ display: 'flex', gap: 4, flex: 1, flexWrap: 'wrap' }}>
          {(
            [
              ['portal', '/', t('app.portal')],
              ['track', '/tra-cuu', t('app.track')],
              ['citizen', '/ho-so-cua-toi', t('citizen.nav')],
              ['workspace', '/can-bo', t('app.workspace')],
              ...(isAdmin ? [['admin', '/can-bo/quan-tri', t('admin.nav')] as const] : []),
            ] as const
          ).map(([key, to, label]) => (
            <Link
              key={key}
              to={to}
              aria-current={selected === key ? 'page' : undefined}
              style={{
                color: '#fff',
                whiteSpace: 'nowrap',
                padding: '4px 12px',
                borderRadius: 4,
                background: selected === key ? '#b71c1c' : 'transparent',
              }}
            >
              {label}
            </Link>
          ))}
        </nav>
        {me.data && selected !== 'portal' && selected !== 'track' && selected !== 'citizen' && (
          <span style={{ display: 'flex', alignItems: 'center', gap: 8, color: '#fff' }}>
            <Typography.Text style={{ color: '#fff' }} data-testid="signed-in-as">
              {t('ws.signedInAs', { name: me.data.displayName, username: me.data.username })}
            </Typography.Text>
            <Button size="small" onClick={signOut}>
              {t('ws.signOut')}
            </Button>
          </span>
        )}
        <Button
          size="small"
          onClick={() => setLanguage(i18n.language === 'vi' ? 'en' : 'vi')}
          lang={i18n.language === 'vi' ? 'en' : 'vi'}
        >
          {t('app.language')}
        </Button>
      </Layout.Header>
      <Layout.Content ref={content} style={{ padding: 16, maxWidth: 960, width: '100%', margin: '0 auto' }}>
        {selected === 'workspace' && location.pathname !== '/can-bo/dang-nhap' && <WorkspaceNav />}
        <ErrorBoundary key={location.pathname}>
          <Suspense fallback={<Spin />}>
            <Routes>
              <Route path="/" element={<Home />} />
              <Route path="/thu-tuc/:code" element={<ProcedurePage />} />
              <Route path="/tra-cuu" element={<TrackPage />} />
              <Route path="/lien-thong/:code" element={<GroupSubmitPage />} />
              <Route path="/tra-cuu-lien-thong" element={<GroupTrackPage />} />
              <Route path="/nop-ho-so/:code" element={<SubmitPage />} />
              <Route path="/ho-so/:id" element={<MyRecordPage />} />
              <Route path="/ho-so-cua-toi" element={<MyRecordsPage />} />
              <Route path="/ho-so-cua-toi/:id" element={<MyRecordDetailPage />} />
              <Route path="/can-bo/dang-nhap" element={<LoginPage />} />
              <Route
                path="/can-bo"
                element={<RequireSession>{(me) => <WorklistPage me={me} />}</RequireSession>}
              />
              <Route
                path="/can-bo/tiep-nhan"
                element={<RequireSession>{() => <CounterPage />}</RequireSession>}
              />
              <Route
                path="/can-bo/phe-duyet"
                element={<RequireSession>{(me) => <ApprovalQueuePage me={me} />}</RequireSession>}
              />
              <Route
                path="/can-bo/tim-kiem"
                element={<RequireSession>{() => <SearchPage />}</RequireSession>}
              />
              <Route
                path="/can-bo/chuyen-khong-thanh-cong"
                element={<RequireSession>{() => <TransferFailuresPage />}</RequireSession>}
              />
              <Route
                path="/can-bo/bao-cao"
                element={<RequireSession>{(me) => <DashboardPage me={me} />}</RequireSession>}
              />
              <Route
                path="/can-bo/quan-tri/*"
                element={<RequireSession>{(me) => <AdminPage me={me} />}</RequireSession>}
              />
              <Route
                path="/can-bo/cho-phan-quyen"
                element={<RequireSession>{(me) => <AwaitingRolesPage me={me} />}</RequireSession>}
              />
              <Route
                path="/can-bo/doi-mat-khau"
                element={<RequireSession>{(me) => <ChangePasswordPage me={me} />}</RequireSession>}
              />
              <Route
                path="/can-bo/phien-dang-nhap"
                element={<RequireSession>{(me) => <SessionsPage me={me} />}</RequireSession>}
              />
              <Route
                path={MFA_PATH}
                element={<RequireSession>{(me) => <MfaPage me={me} />}</RequireSession>}
              />
              <Route
                path="/can-bo/ho-so/:id"
                element={<RequireSession>{(me) => <RecordPage me={me} />}</RequireSession>}
              />
              <Route path="*" element={<Home />} />
            </Routes>
          </Suspense>
        </ErrorBoundary>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center' }}>Motcua — một cửa</Layout.Footer>
    </Layout>
  );
}
