/**
 * One file's unified diff (from queue.fileDiff, made by the `diff` package on the server) drawn by
 * react-diff-view: unified or split, edits within a line marked (its markEdits, diff-match-patch),
 * and the scanner's findings as widgets under the lines they are about. Loaded lazily with the Changes tab.
 */
import { useMemo } from 'react';
import { Stack, Text } from '@mantine/core';
import { Diff, findChangeByNewLineNumber, getChangeKey, Hunk, markEdits, parseDiff, tokenize, type DiffType } from 'react-diff-view';
import 'react-diff-view/style/index.css';
import type { FileChange } from '@marketdesk/shared';
import type { Finding } from '../../moderation/submission-view/Findings.tsx';
import { FindingNote, groupFindingsByLine } from './FindingNote.tsx';
import classes from './FileDiff.module.css';

const DIFF_TYPES: Record<FileChange, DiffType> = { added: 'add', removed: 'delete', changed: 'modify', unchanged: 'modify' };

interface FileDiffProps {
  patch: string;
  change: FileChange;
  viewType: 'unified' | 'split';
  findings: readonly Finding[];
}

export default function FileDiff({ patch, change, viewType, findings }: FileDiffProps) {
  const hunks = useMemo(() => parseDiff(patch, { nearbySequences: 'zip' })[0]?.hunks ?? [], [patch]);
  const tokens = useMemo(() => tokenize(hunks, { enhancers: [markEdits(hunks, { type: 'block' })] }), [hunks]);
  const { widgets, elsewhere } = useMemo(() => placeFindings(hunks, findings), [hunks, findings]);
  return (
    <Stack gap="xs">
      {elsewhere.length > 0 && (
        <div>
          <Text size="sm" fw={500}>Findings outside the changed lines</Text>
          {elsewhere.map((finding) => <FindingNote key={finding.id} finding={finding} />)}
        </div>
      )}
      <div className={classes.frame} tabIndex={0} role="region" aria-label="Diff" data-testid="file-diff">
        <Diff viewType={viewType} diffType={DIFF_TYPES[change]} hunks={hunks} tokens={tokens} widgets={widgets} className={classes.diff}>
          {(shown) => shown.map((hunk) => <Hunk key={hunk.content} hunk={hunk} />)}
        </Diff>
      </div>
    </Stack>
  );
}

/** Each finding on a line of the new version that the diff shows becomes a widget under it; the rest are listed above. */
function placeFindings(hunks: ReturnType<typeof parseDiff>[number]['hunks'], findings: readonly Finding[]) {
  const widgets: Record<string, React.ReactNode> = {};
  const elsewhere: Finding[] = [];
  for (const [line, onLine] of groupFindingsByLine(findings)) {
    const change = line > 0 ? findChangeByNewLineNumber(hunks, line) : undefined;
    if (!change) {
      elsewhere.push(...onLine);
      continue;
    }
    widgets[getChangeKey(change)] = <>{onLine.map((finding) => <FindingNote key={finding.id} finding={finding} />)}</>;
  }
  return { widgets, elsewhere };
}
