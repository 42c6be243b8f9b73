import type { ReactNode } from 'react';
import { Tabs } from '@mantine/core';
import { IconFileCode, IconGitCompare, IconReportAnalytics } from '@tabler/icons-react';
import type { SubmissionDetail } from '@marketdesk/shared';
import { readOneOf, readPositiveInt, useSearchParamsPatch } from '../../../lib/search-params.ts';
import { ChangesTab, type DiffViewType } from './ChangesTab.tsx';
import { FilesTab } from './FilesTab.tsx';

const TABS = ['report', 'files', 'changes'] as const;
type Tab = (typeof TABS)[number];

/**
 * The review page's main column: the quality report, the package's files, and the changes since
 * the last approved version. The tab, the open file, the line and the diff view live in the URL
 * (`?tab=files&file=index.js&line=12`), so a finding's link opens its line and a reload keeps it.
 */
export function PackageReviewTabs({ submission, report }: { submission: SubmissionDetail; report: ReactNode }) {
  const [params, update] = useSearchParamsPatch();
  const tab = readOneOf(params.get('tab'), TABS) ?? 'report';
  const file = params.get('file');
  const line = params.has('line') ? readPositiveInt(params.get('line'), 1) : null;
  const viewType = readOneOf<DiffViewType>(params.get('view'), ['unified', 'split']) ?? 'unified';
  return (
    <Tabs value={tab} onChange={(value) => update({ tab: value === 'report' ? null : value, line: null }, { replace: false })} keepMounted={false}>
      <Tabs.List mb="md">
        <Tabs.Tab value="report" leftSection={<IconReportAnalytics size={16} />}>Report</Tabs.Tab>
        <Tabs.Tab value="files" leftSection={<IconFileCode size={16} />}>Files</Tabs.Tab>
        <Tabs.Tab value="changes" leftSection={<IconGitCompare size={16} />}>Changes</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="report">{report}</Tabs.Panel>
      <Tabs.Panel value="files">
        <FilesTab submission={submission} file={file} line={line} onOpen={(path) => update({ file: path, line: null })} />
      </Tabs.Panel>
      <Tabs.Panel value="changes">
        <ChangesTab submission={submission} file={file} viewType={viewType} onOpen={(path) => update({ file: path, line: null })} onViewType={(view) => update({ view: view === 'unified' ? null : view })} />
      </Tabs.Panel>
    </Tabs>
  );
}

/** The search patch that opens `file` at `line` in the Files tab (a finding's "Show in file"). */
export const fileLineSearch = (file: string, line: number | null) => ({ tab: 'files' satisfies Tab, file, line });
