// Mantine's PostCSS setup (mantine.dev/styles/postcss-preset): rem(), light-dark(), mixins.
module.exports = {
  plugins: {
    'postcss-preset-mantine': {},
  },
};
