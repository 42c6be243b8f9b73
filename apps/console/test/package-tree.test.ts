/** The review page's file tree: package paths as Mantine Tree data. */
import { describe, expect, it } from 'vitest';
import { buildPackageTree, FOLDER_PREFIX } from '../src/features/review-queue/package-review/package-tree.ts';

const shape = (nodes: ReturnType<typeof buildPackageTree>): unknown => nodes.map((node) => (node.children ? { [node.value]: shape(node.children) } : node.value));

describe('buildPackageTree', () => {
  it('nests files under their folders, folders first, each level by name', () => {
    const files = ['package.json', 'lib/util/a.js', 'index.js', 'lib/b.js', 'README.md', 'lib/util/z.js', 'docs/guide.md'].map((path) => ({ path }));
    expect(shape(buildPackageTree(files, (_, name) => name))).toEqual([
      { [`${FOLDER_PREFIX}docs`]: ['docs/guide.md'] },
      { [`${FOLDER_PREFIX}lib`]: [{ [`${FOLDER_PREFIX}lib/util`]: ['lib/util/a.js', 'lib/util/z.js'] }, 'lib/b.js'] },
      'index.js',
      'package.json',
      'README.md',
    ]);
  });

  it('labels files with describe(file, name) and folders with their own name', () => {
    const [folder] = buildPackageTree([{ path: 'src/main.ts', size: 12 }], (file, name) => `${name} (${file.size} B)`);
    expect(folder).toMatchObject({ label: 'src', children: [{ value: 'src/main.ts', label: 'main.ts (12 B)' }] });
  });
});
