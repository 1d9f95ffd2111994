/**
 * `npm run glyphs`: generates the label glyphs into dist/glyphs (see glyphs.ts).
 * With `--if-missing` it does nothing when they are all there (used by `npm start`).
 */
import { buildGlyphs, glyphsBuilt, GLYPHS_DIR } from './glyphs.js';

if (process.argv.includes('--if-missing') && glyphsBuilt()) process.exit(0);
const started = Date.now();
const files = buildGlyphs();
console.log(`glyphs: ${files.length} ranges written to ${GLYPHS_DIR} in ${Date.now() - started} ms`);
