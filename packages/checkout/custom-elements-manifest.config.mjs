// `cem analyze` (npm run build): custom-elements.json from the element's JSDoc, so editors,
// Storybook and framework wrappers know every attribute, property, event, part and CSS property.
export default {
  globs: ['src/lipwa-checkout.component.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
};
