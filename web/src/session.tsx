import { useQuery } from '@tanstack/react-query';
import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError, api } from './api.ts';
import type { Reply } from './contracts.ts';

/** The signed-in official, as the server sees them. */
export type Me = Reply<'GET /api/auth/me'>;

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

/** The query parameter of the login page saying the session ended (idle, expired or revoked). */
export const SESSION_ENDED_PARAM = 'het-phien';

/** The login page after a session ended, with a message saying so, coming back to `next` afterwards. */
export function sessionEndedPath(next: string): string {
  return `${loginPath(next)}&${SESSION_ENDED_PARAM}=1`;
}

/** The two-factor page, where an administrator without TOTP must enrol it first. */
export const MFA_PATH = '/can-bo/xac-thuc-hai-lop';
export function mfaEnrolmentPath(next: string): string {
  return `${MFA_PATH}?next=${encodeURIComponent(next)}`;
}
/** Where an official signed in by single sign-on without any role yet lands ("chờ phân quyền"). */
export const AWAITING_ROLES_PATH = '/can-bo/cho-phan-quyen';

/** The change-password page, coming back to `next` afterwards. */
export const CHANGE_PASSWORD_PATH = '/can-bo/doi-mat-khau';
export function changePasswordPath(next: string): string {
  return `${CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(next)}`;
}

/**
 * Workspace pages: without a session (or when it is lost) go to login, and back here after it; with a
 * password an administrator reset, to the change-password page first.
 */
export function RequireSession({ children }: { children: (me: Me) => ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Spin />;
  if (me.error) {
    if (me.error instanceof ApiError && me.error.status === 401) {
      // Signed in a moment ago (the answer is still cached): the session ended, say so on the login page.
      const here = location.pathname + location.search;
      return <Navigate to={me.data ? sessionEndedPath(here) : loginPath(here)} replace />;
    }
    throw me.error;
  }
  if (me.data.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH)
    return <Navigate to={changePasswordPath(location.pathname + location.search)} replace />;
  if (
    me.data.mfaEnrolmentRequired &&
    !me.data.mustChangePassword &&
    location.pathname !== MFA_PATH &&
    location.pathname !== CHANGE_PASSWORD_PATH
  )
    return <Navigate to={mfaEnrolmentPath(location.pathname + location.search)} replace />;
  // An account made by single sign-on that no claim rule maps yet can only be told so.
  if (me.data.roles.length === 0 && location.pathname !== AWAITING_ROLES_PATH)
    return <Navigate to={AWAITING_ROLES_PATH} replace />;
  return <>{children(me.data)}</>;
}
