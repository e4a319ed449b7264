import { z } from 'zod';

/**
 * Who may do what through the HTTP API and console. admin: connections, schedules, scans,
 * tokens and users, and everything else; compliance: reviews, vendors, exports; security: alert
 * rules; viewer: read. Every role reads; no role ever reads a secret.
 */
export const ROLES = ['admin', 'compliance', 'security', 'viewer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export function allows(role: Role, needed: Role): boolean {
  return role === 'admin' || needed === 'viewer' || role === needed;
}

/** Who is calling: the audit trail names them. */
export interface Principal {
  kind: 'user' | 'token';
  name: string;
  role: Role;
}

export const principalName = (principal: Principal) => `${principal.kind}:${principal.name}`;
