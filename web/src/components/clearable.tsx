import { CloseCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/**
 * The `allowClear` of every Select and Input: a clear button named in the user's language. antd's own is
 * named "Clear" on a Select and "close-circle" (the icon's name) on an Input, in English whatever the page.
 */
export function useClearable(): { clearIcon: React.ReactNode; label: string } {
  const { t } = useTranslation();
  const label = t('ws.clear');
  return { clearIcon: <CloseCircleFilled aria-label={label} />, label };
}
