import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { Shell } from './Shell.tsx';
import './i18n.ts';
import './app.css';

/**
 * Colours that pass WCAG AA contrast on the page background (axe-core checks them in the browser tests):
 * Ant Design's default link blue and secondary greys do not.
 */
const THEME = {
  token: {
    colorPrimary: '#b71c1c',
    colorLink: '#0d47a1',
    colorError: '#c62828',
    colorErrorHover: '#a31515',
    colorErrorActive: '#8e0000',
    colorPrimaryHover: '#9a1616',
    colorLinkHover: '#1565c0',
    colorTextDescription: '#595959',
    colorTextSecondary: '#595959',
    colorTextTertiary: '#595959',
    // Placeholders too (Ant Design's default grey is 1.6:1 on white; this is 5.3:1).
    colorTextPlaceholder: '#6b6b6b',
    borderRadius: 6,
  },
};

const queries = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 30_000 } } });

function Root() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : viVN} theme={THEME}>
      <AntApp>
        <QueryClientProvider client={queries}>
          <BrowserRouter>
            <Shell />
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
