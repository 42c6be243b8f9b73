// Apply the saved light/dark choice before the first paint (Mantine's ColorSchemeScript, for a static page).
// A file, not an inline <script>: the Content-Security-Policy allows scripts from our origin only.
try {
  var saved = localStorage.getItem('mantine-color-scheme-value');
  var scheme = saved === 'light' || saved === 'dark' ? saved : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
} catch {}
