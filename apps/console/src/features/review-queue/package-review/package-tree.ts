import type { TreeNodeData } from '@mantine/core';

/** Folder nodes' values carry this prefix, so a folder and a file never share a value. */
export const FOLDER_PREFIX = 'folder:';

/**
 * Package paths (`lib/index.js`) as Mantine Tree data: folders first, then files, each by name;
 * a file node's value is its path, a folder's is `folder:<path>`. `describe` gives a file's label.
 */
export function buildPackageTree<T extends { path: string }>(files: readonly T[], describe: (file: T, name: string) => TreeNodeData['label']): TreeNodeData[] {
  const root: TreeNodeData[] = [];
  const folders = new Map<string, TreeNodeData[]>([['', root]]);
  const folderOf = (path: string): TreeNodeData[] => {
    const existing = folders.get(path);
    if (existing) return existing;
    const slash = path.lastIndexOf('/');
    const children: TreeNodeData[] = [];
    folderOf(path.slice(0, Math.max(0, slash))).push({ value: `${FOLDER_PREFIX}${path}`, label: path.slice(slash + 1), children });
    folders.set(path, children);
    return children;
  };
  for (const file of files) {
    const slash = file.path.lastIndexOf('/');
    const name = file.path.slice(slash + 1);
    folderOf(slash === -1 ? '' : file.path.slice(0, slash)).push({ value: file.path, label: describe(file, name) });
  }
  for (const children of folders.values()) children.sort(compareNodes);
  return root;
}

function compareNodes(a: TreeNodeData, b: TreeNodeData): number {
  const aIsFolder = a.value.startsWith(FOLDER_PREFIX);
  const bIsFolder = b.value.startsWith(FOLDER_PREFIX);
  if (aIsFolder !== bIsFolder) return aIsFolder ? -1 : 1;
  return a.value.localeCompare(b.value);
}
