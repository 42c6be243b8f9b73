export * from './auth/permissions.ts';
export * from './auth/auth.schema.ts';
export * from './users/users.schema.ts';
export * from './audit/audit.schema.ts';
export * from './errors.ts';
export * from './money.ts';
export * from './moderation/due-date.ts';
export * from './moderation/moderation.schema.ts';
