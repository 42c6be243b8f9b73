/**
 * Creators derived from package names: an npm scope is one creator ("@babel/core" and
 * "@babel/preset-env" → "@babel"); an unscoped package is its own creator.
 */

export interface CreatorIdentity {
  /** CreatorAccount.slug: "@scope" or the unscoped package name. */
  slug: string;
  /** The scope without "@", or the package name. */
  displayName: string;
}

/** The creator of a (valid npm) package name, e.g. "@babel/core" → { slug: "@babel", displayName: "babel" }. */
export function creatorForPackage(packageName: string): CreatorIdentity {
  if (packageName.startsWith('@')) {
    const scope = packageName.slice(0, packageName.indexOf('/'));
    return { slug: scope, displayName: scope.slice(1) };
  }
  return { slug: packageName, displayName: packageName };
}

/**
 * The creator slug owning the most of `packageNames`, ties broken by the smallest slug
 * (code-unit order), so the demo creator login is the same on every machine.
 * @returns undefined for an empty list.
 */
export function pickBusiestCreatorSlug(packageNames: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const name of packageNames) {
    const { slug } = creatorForPackage(name);
    counts.set(slug, (counts.get(slug) ?? 0) + 1);
  }
  let best: [string, number] | undefined;
  for (const entry of counts) {
    if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0])) best = entry;
  }
  return best?.[0];
}
