import { Button, Layout, Menu } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useLocation } from 'react-router';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { setLanguage } from './i18n.ts';
import { Home } from './pages/Home.tsx';
import { ProcedurePage } from './pages/Procedure.tsx';
import { TrackPage } from './pages/Track.tsx';

/** The portal's frame: title, navigation, language switch; pages below. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const selected = location.pathname.startsWith('/tra-cuu') ? 'track' : 'portal';
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
        }}
      >
        <Link to="/" style={{ color: '#fff', fontWeight: 600, whiteSpace: 'nowrap' }}>
          {t('app.title')}
        </Link>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[selected]}
          style={{ flex: 1, minWidth: 160 }}
          items={[
            { key: 'portal', label: <Link to="/">{t('app.portal')}</Link> },
            { key: 'track', label: <Link to="/tra-cuu">{t('app.track')}</Link> },
          ]}
        />
        <Button
          size="small"
          onClick={() => setLanguage(i18n.language === 'vi' ? 'en' : 'vi')}
          lang={i18n.language === 'vi' ? 'en' : 'vi'}
        >
          {t('app.language')}
        </Button>
      </Layout.Header>
      <Layout.Content style={{ padding: 16, maxWidth: 960, width: '100%', margin: '0 auto' }}>
        <main>
          <ErrorBoundary key={location.pathname}>
            <Routes>
              <Route path="/" element={<Home />} />
              <Route path="/thu-tuc/:code" element={<ProcedurePage />} />
              <Route path="/tra-cuu" element={<TrackPage />} />
              <Route path="*" element={<Home />} />
            </Routes>
          </ErrorBoundary>
        </main>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center' }}>Motcua — một cửa</Layout.Footer>
    </Layout>
  );
}
