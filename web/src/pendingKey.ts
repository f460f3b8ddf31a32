import { useRef } from 'react';

/**
 * One Idempotency-Key per form until its request succeeds: a second click, or a retry after a network
 * error, sends the same key, so the server answers it once (it replays the first outcome). Call `done()`
 * after a success; the next submission of the form then gets a new key.
 */
export function usePendingKey(): { key(): string; done(): void } {
  const current = useRef<string | null>(null);
  return {
    key() {
      current.current ??= crypto.randomUUID();
      return current.current;
    },
    done() {
      current.current = null;
    },
  };
}
