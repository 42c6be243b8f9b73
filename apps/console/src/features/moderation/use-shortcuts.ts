import { useHotkeys, type HotkeyItem } from '@mantine/hooks';

export interface Shortcut {
  /** Keys as people read them: 'j', 'Enter', '?'. */
  keys: readonly string[];
  description: string;
  run: () => void;
}

const INTERACTIVE = 'a, button, input, [role="button"], [role="checkbox"], [role="tab"], [role="option"]';
const NON_TEXT_INPUTS = ['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'file', 'color'];

/** True while the key goes into a text field (a checkbox just clicked is not one). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NON_TEXT_INPUTS.includes(target.type);
}

/**
 * Single-key shortcuts for a page. They stay out of the way: ignored while typing in a field,
 * while `isEnabled` is false (a dialog is open), with Ctrl/Alt/Meta held (the browser's own
 * shortcuts), and Enter is left to a focused button, link or checkbox.
 */
export function useShortcuts(shortcuts: readonly Shortcut[], isEnabled: boolean) {
  const hotkeys: HotkeyItem[] = shortcuts.flatMap((shortcut) =>
    shortcut.keys.flatMap((key) => {
      const handler = (event: KeyboardEvent) => {
        if (!isEnabled || isTyping(event.target)) return;
        if (key === 'Enter' && event.target instanceof Element && event.target.closest(INTERACTIVE)) return;
        event.preventDefault();
        shortcut.run();
      };
      // '?' is Shift+/ on most layouts but a plain key on some.
      const names = key === '?' ? ['?', 'shift+?'] : [key.toLowerCase()];
      return names.map((name): HotkeyItem => [name, handler, { preventDefault: false }]);
    }),
  );
  // Fields are told apart in the handler: Mantine's own list would also silence checkboxes.
  useHotkeys(hotkeys, []);
}
