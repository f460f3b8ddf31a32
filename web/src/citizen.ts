import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from './api.ts';
import type { Reply } from './contracts.ts';

export type CitizenMe = Reply<'GET /api/citizen/me'>;

/** The citizen signed in with e-ID (VNeID), or null when nobody is; the cookie is the server's. */
export function useCitizen() {
  return useQuery({
    queryKey: ['citizen-me'],
    retry: false,
    staleTime: 60_000,
    queryFn: async (): Promise<CitizenMe | null> => {
      try {
        return await api<CitizenMe>('/api/citizen/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
  });
}

/** Whether e-ID sign-in is configured (the portal shows the VNeID button only then). */
export function useCitizenAuth() {
  return useQuery({
    queryKey: ['citizen-auth'],
    staleTime: 5 * 60_000,
    queryFn: () => api<Reply<'GET /api/citizen/auth'>>('/api/citizen/auth'),
  });
}

/** Where the VNeID button goes: the server starts the sign-in and brings the browser back to `returnTo`. */
export function citizenLoginUrl(returnTo: string): string {
  return `/api/citizen/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
}
