import { Suspense } from 'react';
import { Anchor, AppShell, Burger, Group, Loader, NavLink, Title } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { Link, Outlet, useLocation } from 'react-router';
import { useSignedInUser } from '../../auth/useSession.ts';
import { listAreasFor } from '../../console-areas.ts';
import { ColorSchemeToggle } from '../ColorSchemeToggle/ColorSchemeToggle.tsx';
import { CommandPalette, CommandPaletteButton } from '../CommandPalette/CommandPalette.tsx';
import { SeedingNotice } from '../SeedingNotice/SeedingNotice.tsx';
import { UserMenu } from '../UserMenu/UserMenu.tsx';

/** The signed-in frame: header (with the command palette's Search), navigation limited to what the signed-in roles may use, the "still seeding" notice while a seed runs, and the page. */
export function AppLayout() {
  const user = useSignedInUser();
  const { pathname } = useLocation();
  const [isNavOpen, { toggle, close }] = useDisclosure();
  const areas = listAreasFor(user.roles);
  const isActive = (route: string) => (route === '/' ? pathname === '/' : pathname === route || pathname.startsWith(`${route}/`));
  const activeArea = areas.find((area) => isActive(area.route));
  useDocumentTitle(activeArea && activeArea.route !== '/' ? `${activeArea.label} · Marketdesk` : 'Marketdesk');
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !isNavOpen } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={isNavOpen} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Anchor component={Link} to="/" c="inherit" underline="never">
              <Title order={4}>Marketdesk</Title>
            </Anchor>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <CommandPaletteButton />
            <ColorSchemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {areas.map((area) => (
          <NavLink
            key={area.route}
            component={Link}
            to={area.route}
            label={area.label}
            leftSection={<area.icon size={18} stroke={1.6} />}
            active={isActive(area.route)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <SeedingNotice />
        <Suspense fallback={<Loader m="xl" aria-label="Loading page" />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      <CommandPalette />
    </AppShell>
  );
}
