/**
 * A file's source with line numbers, highlighted by prism-react-renderer (Prism's grammars for
 * JS/TS/JSX/JSON/Markdown/CSS…), the scanner's findings written under their lines. Loaded lazily
 * (React.lazy): the highlighter is fetched when a moderator opens the Files tab, not with the queue.
 */
import { useEffect, useRef } from 'react';
import { Box, useComputedColorScheme } from '@mantine/core';
import { Highlight, themes } from 'prism-react-renderer';
import type { Finding } from '../../moderation/submission-view/Findings.tsx';
import { FindingNote, groupFindingsByLine } from './FindingNote.tsx';
import { languageOf } from './language.ts';
import classes from './SourceView.module.css';

interface SourceViewProps {
  path: string;
  text: string;
  findings: readonly Finding[];
  /** 1-based line to scroll to and mark, e.g. a finding's. */
  line: number | null;
}

export default function SourceView({ path, text, findings, line }: SourceViewProps) {
  const scheme = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const container = useRef<HTMLDivElement>(null);
  const byLine = groupFindingsByLine(findings);
  useEffect(() => {
    if (line === null) return;
    container.current?.querySelector(`[data-line-number="${line}"]`)?.scrollIntoView({ block: 'center' });
  }, [line, path]);
  return (
    <Highlight code={text.replace(/\n$/, '')} language={languageOf(path)} theme={scheme === 'dark' ? themes.vsDark : themes.vsLight}>
      {({ style, tokens, getLineProps, getTokenProps }) => (
        <Box ref={container} className={classes.source} style={style} tabIndex={0} role="region" aria-label={`Source of ${path}`} data-testid="source-view">
          {(byLine.get(0) ?? []).map((finding) => <FindingNote key={finding.id} finding={finding} />)}
          <pre className={classes.code}>
            {tokens.map((tokenLine, index) => {
              const number = index + 1;
              const { className, ...lineProps } = getLineProps({ line: tokenLine });
              return (
                <div key={number} className={classes.row} data-line-number={number} data-current={number === line || undefined}>
                  <div className={`${className} ${classes.line}`} {...lineProps}>
                    <span className={classes.number} aria-hidden>{number}</span>
                    <span>{tokenLine.map((token, key) => <span key={key} {...getTokenProps({ token })} />)}</span>
                  </div>
                  {(byLine.get(number) ?? []).map((finding) => <FindingNote key={finding.id} finding={finding} />)}
                </div>
              );
            })}
          </pre>
        </Box>
      )}
    </Highlight>
  );
}
