import { useEffect, useMemo } from 'react';
import { Group, ScrollArea, Text, Tree, getTreeExpandedState, useTree, type TreeNodeData } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconFile, IconFolder } from '@tabler/icons-react';
import { FOLDER_PREFIX } from './package-tree.ts';

interface PackageTreeProps {
  /** From buildPackageTree. */
  data: TreeNodeData[];
  /** The open file's path. */
  selected: string | null;
  onSelect: (path: string) => void;
  label: string;
}

/** A package's folders and files (Mantine Tree: arrow keys move, Enter opens); every folder starts open. */
export function PackageTree({ data, selected, onSelect, label }: PackageTreeProps) {
  const initialExpandedState = useMemo(() => getTreeExpandedState(data, '*'), [data]);
  const tree = useTree({ initialExpandedState });
  useEffect(() => tree.setExpandedState(initialExpandedState), [initialExpandedState]); // eslint-disable-line react-hooks/exhaustive-deps -- a new package opens fully
  return (
    <ScrollArea.Autosize mah="70vh" type="auto" tabIndex={0} aria-label={label}>
      <Tree
        data={data}
        tree={tree}
        levelOffset="md"
        aria-label={label}
        renderNode={({ node, expanded, hasChildren, elementProps }) => {
          const isFolder = node.value.startsWith(FOLDER_PREFIX);
          const isSelected = node.value === selected;
          return (
            <Group
              gap={6}
              wrap="nowrap"
              {...elementProps}
              data-selected={isSelected || undefined}
              aria-current={isSelected ? 'true' : undefined}
              onClick={(event) => {
                elementProps.onClick(event);
                if (!isFolder) onSelect(node.value);
              }}
              style={{ ...elementProps.style, cursor: 'pointer', borderRadius: 4, padding: '2px 4px', background: isSelected ? 'var(--mantine-primary-color-light)' : undefined }}
            >
              {isFolder && hasChildren ? (expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />) : null}
              {isFolder ? <IconFolder size={14} /> : <IconFile size={14} />}
              {typeof node.label === 'string' ? <Text size="sm" ff="monospace">{node.label}</Text> : node.label}
            </Group>
          );
        }}
      />
    </ScrollArea.Autosize>
  );
}
