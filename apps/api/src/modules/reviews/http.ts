import type { RegisterRoutes } from '../../platform/http/routes.ts';

/** Registers the public review routes. Errors go to platform/http/errors.ts. */
export const registerReviewRoutes: RegisterRoutes = async () => {};
