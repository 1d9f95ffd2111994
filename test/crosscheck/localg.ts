/**
 * Cross-check of Lantern's Gi* (and Global Moran's I) against R's spdep on generated
 * grids: spdep::localG with include.self and binary weights from dnearneigh within
 * the bandwidth, and spdep::moran.test(randomisation = TRUE) without self.
 *
 *   npx tsx test/crosscheck/localg.ts          # prints max |Δz| per case; exit 1 if any ≥ 0.01
 *
 * Needs Rscript with spdep (Debian: apt-get install r-cran-spdep).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cellCentre, gridFor, indexOf, type CellShape } from '../../server/hotspots/grid.js';
import { giStar } from '../../server/hotspots/gistar.js';
import { globalMoran } from '../../server/hotspots/moran.js';
import { mulberry32 } from '../../server/hotspots/knox.js';

export const TOLERANCE = 0.01;

export interface Case {
  name: string;
  shape: CellShape;
  size: number;
  cols: number;
  rows: number;
  bandwidth: number;
  seed: number;
  /** cut a hole out of the study area */
  hole?: boolean;
}

export const CASES: Case[] = [
  { name: 'squares, 40 × 30 at 100 m, bandwidth 250 m', shape: 'square', size: 100, cols: 40, rows: 30, bandwidth: 250, seed: 1 },
  { name: 'hexagons, 35 × 30 at 100 m, bandwidth 230 m', shape: 'hex', size: 100, cols: 35, rows: 30, bandwidth: 230, seed: 2 },
  { name: 'squares with a hole, 30 × 30 at 250 m, bandwidth 610 m', shape: 'square', size: 250, cols: 30, rows: 30, bandwidth: 610, seed: 3, hole: true },
  { name: 'hexagons with a hole, 30 × 25 at 200 m, bandwidth 750 m', shape: 'hex', size: 200, cols: 30, rows: 25, bandwidth: 750, seed: 4, hole: true },
];

const R_SCRIPT = `
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(spdep))
d <- read.csv(args[1])
xy <- cbind(d$x, d$y)
nb <- dnearneigh(xy, 0, as.numeric(args[2]))
g <- localG(d$count, nb2listw(include.self(nb), style = "B"))
m <- moran.test(d$count, nb2listw(nb, style = "B"), randomisation = TRUE)
write.csv(data.frame(z = as.numeric(g)), args[3], row.names = FALSE)
cat(format(unname(m$statistic), digits = 15), "\\n")
`;

/** Poisson counts with a couple of planted clusters, on a lattice near Bolton's grid position. */
function generate(c: Case) {
  const rand = mulberry32(c.seed);
  const poisson = (mean: number) => {
    const l = Math.exp(-mean);
    let k = 0, p = 1;
    do { k++; p *= rand(); } while (p > l);
    return k - 1;
  };
  const c0 = c.shape === 'square' ? Math.floor(370_000 / c.size) : 2 * Math.floor(370_000 / (Math.sqrt(3) * c.size));
  const r0 = Math.floor(408_000 / c.size);
  const cells = [];
  for (let i = 0; i < c.cols; i++) {
    for (let j = 0; j < c.rows; j++) {
      if (c.hole && Math.hypot(i - c.cols / 3, j - c.rows / 2) < c.cols / 8) continue;
      cells.push({ col: c0 + i, row: r0 + j });
    }
  }
  const g = gridFor(c.shape, c.size, cells);
  const blobs = [[0.3, 0.3], [0.7, 0.6]].map(([u, v]) => [c0 + u! * c.cols, r0 + v! * c.rows]);
  for (const { col, row } of cells) {
    const boost = blobs.reduce((a, [bc, br]) => a + 5 * Math.exp(-((col - bc!) ** 2 + (row - br!) ** 2) / 6), 0);
    g.values[indexOf(g, col, row)] = poisson(0.6 + boost);
  }
  return { g, cells };
}

export interface CaseResult {
  name: string;
  cells: number;
  maxDz: number;
  moranZ: { lantern: number; spdep: number };
}

/** Runs one case through both implementations. */
export function runCase(c: Case): CaseResult {
  const { g, cells } = generate(c);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-localg-'));
  try {
    const input = path.join(dir, 'cells.csv');
    const output = path.join(dir, 'z.csv');
    const script = path.join(dir, 'localg.R');
    fs.writeFileSync(script, R_SCRIPT);
    const lines = ['x,y,count'];
    for (const { col, row } of cells) {
      const [x, y] = cellCentre(c.shape, c.size, col, row);
      lines.push(`${x.toFixed(6)},${y.toFixed(6)},${g.values[indexOf(g, col, row)]}`);
    }
    fs.writeFileSync(input, lines.join('\n') + '\n');
    const stdout = execFileSync('Rscript', [script, input, String(c.bandwidth), output], { encoding: 'utf8' });
    const theirs = fs.readFileSync(output, 'utf8').trim().split('\n').slice(1).map(Number);
    const ours = giStar(g, c.bandwidth);
    let maxDz = 0;
    cells.forEach(({ col, row }, k) => {
      maxDz = Math.max(maxDz, Math.abs(ours.z[indexOf(g, col, row)]! - theirs[k]!));
    });
    return { name: c.name, cells: cells.length, maxDz, moranZ: { lantern: globalMoran(g, c.bandwidth).z, spdep: Number(stdout.trim()) } };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether Rscript with spdep can be run here. */
export function rAvailable(): boolean {
  try {
    execFileSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(spdep))'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!rAvailable()) {
    console.error('Rscript with spdep is not available (apt-get install r-cran-spdep)');
    process.exit(2);
  }
  let ok = true;
  for (const c of CASES) {
    const r = runCase(c);
    ok &&= r.maxDz < TOLERANCE;
    console.log(`${r.name}: ${r.cells} cells, max |Δz| = ${r.maxDz.toExponential(2)}; Moran's I z ${r.moranZ.lantern.toFixed(6)} (Lantern) vs ${r.moranZ.spdep.toFixed(6)} (spdep)`);
  }
  process.exit(ok ? 0 : 1);
}
