/** Users: staff accounts, their roles, disabling and re-enabling them, resetting a password (admin). */
export { usersRouter } from './router.ts';
