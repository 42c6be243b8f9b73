/**
 * Trials of a paid tier: started with the card saved (POST /v1/trials, server-side or through
 * Checkout in setup mode), extended by support, read on the license page. Their end — the
 * conversion charge or the expiry — is the renewal job's (subscriptions/trials-renewal.ts).
 */
export { registerTrialRoutes } from './http.ts';
export { startTrial, trialIdFor } from './start-trial.ts';
export { completeTrialSetup } from './complete-trial-setup.ts';
export { extendTrial } from './extend-trial.ts';
export { readLicenseTrial } from './read-trial.ts';
