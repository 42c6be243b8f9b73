import { useEffect, useState } from 'react';
import { CloseButton, TextInput, type TextInputProps } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';

interface FilterTextInputProps extends Omit<TextInputProps, 'value' | 'onChange'> {
  /** The committed filter (trimmed). */
  value: string;
  /** Called once typing pauses (300 ms), not on every keystroke, so each filter is one request. */
  onChange: (value: string) => void;
}

/** A text filter kept elsewhere (the URL): typing is local, the committed value is debounced. */
export function FilterTextInput({ value, onChange, ...props }: FilterTextInputProps) {
  const [draft, setDraft] = useState(value);
  const commit = useDebouncedCallback((next: string) => onChange(next.trim()), 300);
  // Follow outside changes (back button, reset) without eating a space the person just typed.
  useEffect(() => setDraft((current) => (current.trim() === value ? current : value)), [value]);
  function clear() {
    commit.cancel();
    setDraft('');
    onChange('');
  }
  return (
    <TextInput
      {...props}
      value={draft}
      onChange={(event) => {
        setDraft(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      onKeyDown={(event) => event.key === 'Enter' && commit.flush()}
      rightSection={draft ? <CloseButton size="sm" aria-label={`Clear ${String(props.label ?? 'filter')}`} onClick={clear} /> : null}
    />
  );
}
