/**
 * Reference: plugins and creators by name for the console's pickers, so filters show names
 * while the URL keeps ids.
 */
export { findCreatorReferences, findPluginReferences } from './find-references.ts';
export { referenceRouter } from './router.ts';
