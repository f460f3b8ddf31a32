import { useQuery } from '@tanstack/react-query';
import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError, api } from './api.ts';

/** The signed-in official, as the server sees them. */
export interface Me {
  userId: string;
  username: string;
  displayName: string;
  agencyId: string;
  roles: string[];
}

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: () => api<Me>('/api/auth/me'),
    retry: false,
    staleTime: 60_000,
  });
}

/** The login page's address that comes back here afterwards. */
export function loginPath(next: string): string {
  return `/can-bo/dang-nhap?next=${encodeURIComponent(next)}`;
}

/** Workspace pages: without a session (or when it is lost) go to login, and back here after it. */
export function RequireSession({ children }: { children: (me: Me) => ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Spin />;
  if (me.error) {
    if (me.error instanceof ApiError && me.error.status === 401) {
      return <Navigate to={loginPath(location.pathname + location.search)} replace />;
    }
    throw me.error;
  }
  return <>{children(me.data)}</>;
}
