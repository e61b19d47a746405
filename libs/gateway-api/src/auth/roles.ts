import { SetMetadata } from '@nestjs/common';
import type { ApiRole } from '@oms/platform';

export const ROLES_KEY = 'oms:roles';
export const PUBLIC_KEY = 'oms:public';

/** The roles that may call a route. A route with neither @Roles nor @Public is admin-only. */
export const Roles = (...roles: ApiRole[]) => SetMetadata(ROLES_KEY, roles);

/** No API key needed (health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** CONTRACT §2 roles, by what they allow. */
export const roleSets = {
  /** Place, change lines, pay, cancel. */
  clientCommands: ['client', 'operator', 'admin'],
  /** Holds and module operations. */
  operatorCommands: ['operator', 'admin'],
  /** Orders, their timeline. */
  orderReads: ['client', 'operator', 'auditor', 'admin'],
  /** Notifications sent for an order. */
  operatorReads: ['operator', 'auditor', 'admin'],
  /** Every event of an order, an order as it stood then. */
  auditReads: ['auditor', 'admin'],
} as const satisfies Record<string, readonly ApiRole[]>;
