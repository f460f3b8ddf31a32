import { type RefObject, useEffect } from 'react';

/**
 * Keeps the clear buttons (×) of the selects and date pickers under `root` out of the Tab order: they
 * appear only on hover, so as Tab stops they are invisible detours for an official working from the
 * keyboard. The mouse still clears; the keyboard clears by editing the field.
 */
export function useClearButtonsSkipped(root: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = root.current;
    if (!element) return;
    const skip = () => {
      for (const b of element.querySelectorAll<HTMLElement>('.ant-select-clear, .ant-picker-clear'))
        if (b.tabIndex !== -1) b.tabIndex = -1;
    };
    skip();
    const observer = new MutationObserver(skip);
    observer.observe(element, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [root]);
}
