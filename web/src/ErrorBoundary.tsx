import { Alert, Button } from 'antd';
import { Component, type ReactNode } from 'react';
import i18n from './i18n.ts';

/** A page that fails to render says so (no stack trace) and offers to reload, instead of going blank. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Alert
        type="error"
        showIcon
        message={i18n.t('error.generic')}
        action={<Button onClick={() => window.location.reload()}>{i18n.t('error.reload')}</Button>}
      />
    );
  }
}
