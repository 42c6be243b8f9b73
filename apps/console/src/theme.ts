import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  components: {
    // A badge never shrinks below its label ("SUCCEED…" in a narrow table column): the column widens instead.
    Badge: { styles: { root: { minWidth: 'max-content', flexShrink: 0 } } },
  },
});
