/** Users: staff accounts, their roles, disabling and re-enabling them (admin). */
export { usersRouter } from './router.ts';
