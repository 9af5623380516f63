/** Who may call the API, from least to most trusted. Anonymous callers have no principal. */
export const ROLES = ['SHOPPER', 'STOREFRONT', 'MERCHANDISER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The authenticated caller. `subject` is the shopper's id for the SHOPPER role (what their token
 * may read and change) and a free-form name for the others (a service, a person).
 */
export interface Principal {
  role: Role;
  subject: string | null;
}

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);
