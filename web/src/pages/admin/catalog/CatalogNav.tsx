import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

const PAGES = [
  ['readiness', '/can-bo/quan-tri/thu-tuc'],
  ['bulk', '/can-bo/quan-tri/thu-tuc-sua-hang-loat'],
  ['crossBoundary', '/can-bo/quan-tri/thu-tuc-phi-dia-gioi'],
] as const;

/** The catalogue administration's own pages: receivability (and each procedure), bulk edit, cross-boundary list. */
export function CatalogNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <nav aria-label={t('catalogAdmin.section')} style={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
      {PAGES.map(([key, to]) => {
        const current = pathname === to;
        return (
          <Link
            key={key}
            to={to}
            aria-current={current ? 'page' : undefined}
            style={{
              padding: '2px 10px',
              borderRadius: 4,
              border: '1px solid #d9d9d9',
              background: current ? '#e6f0ff' : '#fff',
              color: '#0d47a1',
              fontWeight: current ? 600 : undefined,
            }}
          >
            {t(`catalogAdmin.nav.${key}`)}
          </Link>
        );
      })}
    </nav>
  );
}
