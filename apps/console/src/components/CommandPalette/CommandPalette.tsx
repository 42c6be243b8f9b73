import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ActionIcon, Badge, Button, Group, Kbd, Loader, Text } from '@mantine/core';
import { useHotkeys, useOs } from '@mantine/hooks';
import { createSpotlight, Spotlight, useSpotlight, type SpotlightStore } from '@mantine/spotlight';
import { IconArrowRight, IconSearch } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import type { SearchResult } from '@marketdesk/shared';
import { useSignedInUser } from '../../auth/useSession.ts';
import { listAreasFor } from '../../console-areas.ts';
import { listPaletteActionsFor, type PaletteAction } from '../../palette-actions.ts';
import { SEARCH_KIND_DISPLAY } from './search-kinds.ts';
import { MIN_QUERY_LENGTH, useGlobalSearch } from './useGlobalSearch.ts';

/** The palette's own Spotlight store: open it from anywhere with `commandPalette.open()`. */
export const [commandPaletteStore, commandPalette] = createSpotlight();

/**
 * Marks the first action of the list as selected, as Spotlight does itself when the query
 * changes: the search's results arrive later (debounced, then fetched), and Enter should open
 * the first of them. Spotlight reads the selection from the list's `[data-selected]`.
 */
function selectFirstAction(store: SpotlightStore) {
  const { listId } = store.getState();
  const list = listId ? document.getElementById(listId) : null;
  if (!list) return;
  list.querySelector('[data-selected]')?.removeAttribute('data-selected');
  list.querySelector('[data-action]')?.setAttribute('data-selected', 'true');
  store.updateState((state) => ({ ...state, selected: 0 }));
}

/** A group of the list under its heading: real text (Spotlight's own label is CSS content), named for assistive technology. */
function PaletteGroup({ heading, children }: { heading: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <Spotlight.ActionsGroup label="" role="group" aria-labelledby={headingId}>
      <Text id={headingId} size="xs" fw={700} tt="uppercase" px="md" pt="sm" pb={4}>{heading}</Text>
      {children}
    </Spotlight.ActionsGroup>
  );
}

const matches = (text: string, ...fields: string[]) => !text || fields.some((field) => field.toLowerCase().includes(text));

/**
 * The command palette (Mantine Spotlight): Ctrl/⌘+K anywhere, `/` when not typing in a field,
 * or the header's Search button. It searches everything the signed-in roles may read
 * (search.global, debounced), offers the role's actions (palette-actions.ts) and pages, and
 * opens the chosen one. An action that needs an object ("Refund…") first asks for it.
 */
export function CommandPalette() {
  const navigate = useNavigate();
  const { roles } = useSignedInUser();
  const [query, setQuery] = useState('');
  const [picking, setPicking] = useState<PaletteAction | null>(null);
  useHotkeys([['mod+K', commandPalette.open]], []);
  useHotkeys([['/', commandPalette.open]]);
  const search = useGlobalSearch(query, picking?.pick ? [picking.pick.kind] : undefined);
  const text = query.trim().toLowerCase();
  const actions = picking ? [] : listPaletteActionsFor(roles).filter((action) => matches(text, action.label, action.description));
  const pages = picking || !text ? [] : listAreasFor(roles).filter((area) => area.route !== '/' && matches(text, area.label));
  const resultsKey = search.groups.map((group) => `${group.kind}:${group.results.map((r) => r.id).join(',')}`).join('|');
  const { opened } = useSpotlight(commandPaletteStore);
  useEffect(() => selectFirstAction(commandPaletteStore), [opened, resultsKey, picking]);

  const openResult = (result: SearchResult) => void navigate(picking?.pick ? picking.pick.routeOf(result) : result.route);
  const startAction = (action: PaletteAction) => {
    if (action.route) return void navigate(action.route);
    setPicking(action);
    setQuery('');
  };
  const leavePicking = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Backspace' && query === '' && picking) setPicking(null);
  };
  const isEmpty = search.isSettled && search.groups.length === 0 && actions.length === 0 && pages.length === 0;

  return (
    <Spotlight.Root
      store={commandPaletteStore}
      query={query}
      onQueryChange={setQuery}
      shortcut={null}
      onSpotlightClose={() => setPicking(null)}
      scrollable
      maxHeight={460}
      // The dialog is named by a title kept out of sight (Spotlight draws no header); descriptions stay fully opaque (contrast).
      title="Command palette"
      styles={{ header: { display: 'none' }, action: { '--action-description-opacity': 1 } }}
    >
      <Spotlight.Search
        aria-label={picking ? picking.pick!.placeholder : 'Search the console'}
        placeholder={picking ? picking.pick!.placeholder : 'Buyer email, license key, pi_…, plugin, creator, plugin@version…'}
        leftSection={search.isFetching ? <Loader size={16} aria-label="Searching" /> : <IconSearch size={18} stroke={1.6} />}
        rightSection={picking ? <Badge variant="light" mr="md">{picking.label}</Badge> : undefined}
        rightSectionWidth={picking ? 'auto' : undefined}
        onKeyDown={leavePicking}
        maxLength={4096}
      />
      <Spotlight.ActionsList>
        {picking && <Text size="sm" px="md" pt="xs">{picking.description}. Backspace on an empty field goes back.</Text>}
        {search.groups.map((group) => {
          const { heading, icon: Icon } = SEARCH_KIND_DISPLAY[group.kind];
          return (
            <PaletteGroup key={group.kind} heading={heading}>
              {group.results.map((result) => (
                <Spotlight.Action key={`${result.kind}:${result.id}`} label={result.title} description={result.subtitle} leftSection={<Icon size={20} stroke={1.6} />} onClick={() => openResult(result)} />
              ))}
            </PaletteGroup>
          );
        })}
        {actions.length > 0 && (
          <PaletteGroup heading="Actions">
            {actions.map((action) => (
              <Spotlight.Action key={action.id} label={action.label} description={action.description} leftSection={<action.icon size={20} stroke={1.6} />} closeSpotlightOnTrigger={Boolean(action.route)} onClick={() => startAction(action)} />
            ))}
          </PaletteGroup>
        )}
        {pages.length > 0 && (
          <PaletteGroup heading="Pages">
            {pages.map((area) => (
              <Spotlight.Action key={area.route} label={area.label} description={area.route} leftSection={<area.icon size={20} stroke={1.6} />} rightSection={<IconArrowRight size={16} />} onClick={() => void navigate(area.route)} />
            ))}
          </PaletteGroup>
        )}
        {isEmpty && <Text ta="center" p="md" size="sm">No results for “{search.answeredQuery}”</Text>}
        {!isEmpty && text.length > 0 && text.length < MIN_QUERY_LENGTH && actions.length === 0 && <Text ta="center" p="md" size="sm">Type at least {MIN_QUERY_LENGTH} characters</Text>}
      </Spotlight.ActionsList>
      <Spotlight.Footer>
        <Group gap="md" justify="center">
          <Text size="xs"><Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> move</Text>
          <Text size="xs"><Kbd size="xs">Enter</Kbd> open</Text>
          <Text size="xs"><Kbd size="xs">Esc</Kbd> close</Text>
        </Group>
      </Spotlight.Footer>
    </Spotlight.Root>
  );
}

/**
 * The header's Search button: opens the palette, and shows its shortcut for this system. On a
 * phone-wide screen it is an icon, so the header's row fits 390 px without clipping the user menu.
 */
export function CommandPaletteButton() {
  const shortcut = useOs() === 'macos' ? '⌘ K' : 'Ctrl K';
  return (
    <>
      <Button visibleFrom="sm" variant="default" leftSection={<IconSearch size={16} />} rightSection={<Kbd size="xs">{shortcut}</Kbd>} onClick={commandPalette.open}>
        Search
      </Button>
      <ActionIcon hiddenFrom="sm" variant="default" size="lg" aria-label="Search" onClick={commandPalette.open}>
        <IconSearch size={18} />
      </ActionIcon>
    </>
  );
}
