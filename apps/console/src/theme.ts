import { createTheme, darken, DEFAULT_THEME, defaultVariantColorsResolver, luminance, parseThemeColor, type CSSVariablesResolver, type VariantColorsResolver } from '@mantine/core';

/**
 * WCAG 2.x contrast for normal text (SC 1.4.3, AA): 4.5:1. Mantine's default shades miss it in
 * places people read all day — dimmed text (gray 6 on white is 3.32:1), white on yellow, orange,
 * green or teal fills (the "Stripe emulator" badge was 1.86:1), light badges of green, yellow and
 * orange — so the theme picks, for each colour and scheme, the nearest shade that reaches it.
 */
const MIN_CONTRAST = 4.5;
const SHADES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
const PRIMARY_SHADE = { light: 7, dark: 8 } as const;
const WHITE = DEFAULT_THEME.white;
const BLACK = DEFAULT_THEME.black;
/** Surfaces coloured text sits on in the light scheme: cards (white), striped or hovered rows (gray 0), the keyboard-selected row (primary 0). */
const LIGHT_SURFACES = [WHITE, DEFAULT_THEME.colors.gray[0], DEFAULT_THEME.colors.indigo[0]];
/** The darkest and lightest surfaces text sits on in the dark scheme: body (dark 7) and cards, inputs and hovered rows (dark 6, dark 5). */
const DARK_SURFACES = [DEFAULT_THEME.colors.dark[7], DEFAULT_THEME.colors.dark[6], DEFAULT_THEME.colors.dark[5]];

/** WCAG contrast ratio of two colours (1 to 21), from their relative luminance. */
export function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

const isReadable = (text: string, backgrounds: readonly string[]) => backgrounds.every((background) => contrastRatio(text, background) >= MIN_CONTRAST);

/** `shade`, or that colour darkened in 5 % steps until it is readable on `backgrounds`. */
function darkenUntilReadable(shade: string, backgrounds: readonly string[]): string {
  for (let amount = 0; amount <= 1; amount += 0.05) {
    const candidate = darken(shade, amount);
    if (isReadable(candidate, backgrounds)) return candidate;
  }
  return BLACK;
}

/** The filled background of a colour and the text on it: the first shade from `from` up that carries white text, else the `from` shade with black text. */
function readableFill(palette: readonly string[], from: number): { fill: string; text: string } {
  const shade = SHADES.slice(from).find((index) => isReadable(WHITE, [palette[index]!]));
  return shade === undefined ? { fill: palette[from]!, text: BLACK } : { fill: palette[shade]!, text: WHITE };
}

function colorVariables(scheme: 'light' | 'dark'): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const [name, palette] of Object.entries(DEFAULT_THEME.colors)) {
    if (name === 'dark') continue;
    const from = PRIMARY_SHADE[scheme];
    const { fill, text } = readableFill(palette, from);
    const fillIndex = palette.indexOf(fill);
    variables[`--mantine-color-${name}-filled`] = fill;
    variables[`--mantine-color-${name}-filled-hover`] = palette[fillIndex === 9 ? 8 : fillIndex + 1]!;
    variables[`--mantine-color-${name}-contrast`] = text;
    if (scheme === 'light') {
      variables[`--mantine-color-${name}-light`] = palette[0]!;
      variables[`--mantine-color-${name}-light-hover`] = palette[1]!;
      variables[`--mantine-color-${name}-light-color`] = darkenUntilReadable(palette[9]!, [palette[0]!, palette[1]!]);
      const textShade = SHADES.slice(6).find((index) => isReadable(palette[index]!, LIGHT_SURFACES));
      variables[`--mantine-color-${name}-text`] = textShade === undefined ? darkenUntilReadable(palette[9]!, LIGHT_SURFACES) : palette[textShade]!;
    } else {
      const textShade = SHADES.slice(0, 5).reverse().find((index) => isReadable(palette[index]!, DARK_SURFACES));
      variables[`--mantine-color-${name}-text`] = palette[textShade ?? 0]!;
    }
    // Outline buttons and badges draw their label in the colour's text shade.
    variables[`--mantine-color-${name}-outline`] = variables[`--mantine-color-${name}-text`]!;
  }
  return variables;
}

/**
 * Mantine's variables with readable values: dimmed and placeholder text is gray 7 (8.2:1 on white)
 * and dark 1 in the dark scheme (≥ 5.6:1 on dark 5–7); fills, light and outline variants and
 * coloured text per colorVariables; links are the primary colour's readable text shade, and a form
 * field's error message the red one (Mantine's red 6 is 3.28:1 on white, red 8 3.43:1 on dark 7).
 */
const cssVariablesResolver: CSSVariablesResolver = () => {
  const light = colorVariables('light');
  const dark = colorVariables('dark');
  return {
    variables: {},
    light: { ...light, '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-placeholder': 'var(--mantine-color-gray-7)', '--mantine-color-anchor': light['--mantine-color-indigo-text']!, '--mantine-color-error': light['--mantine-color-red-text']! },
    dark: { ...dark, '--mantine-color-dimmed': 'var(--mantine-color-dark-1)', '--mantine-color-placeholder': 'var(--mantine-color-dark-1)', '--mantine-color-anchor': dark['--mantine-color-indigo-text']!, '--mantine-color-error': dark['--mantine-color-red-text']! },
  };
};

/** Filled buttons, badges and icons of a theme colour take the text colour chosen with their fill (white or black). */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant !== 'filled' || !input.color) return colors;
  const parsed = parseThemeColor({ color: input.color, theme: input.theme });
  if (!parsed.isThemeColor || parsed.shade !== undefined || parsed.color === 'dark') return colors;
  return { ...colors, color: `var(--mantine-color-${parsed.color}-contrast)` };
};

export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: PRIMARY_SHADE,
  defaultRadius: 'md',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  components: {
    // A badge never shrinks below its label ("SUCCEED…" in a narrow table column): the column widens instead.
    Badge: { styles: { root: { minWidth: 'max-content', flexShrink: 0 } } },
  },
  variantColorResolver,
});

export { cssVariablesResolver };
