import fc from 'fast-check';

/**
 * Property tests run deterministically in `npm test` and CI: one fixed seed and a larger
 * number of runs, so a green or red run never depends on chance. `npm run test:explore`
 * (test/explore.ts) runs the same properties with fresh random seeds and prints any
 * counterexample with its seed; found ones become named regression cases.
 */
const seed = process.env.FC_SEED === undefined ? 20261206 : Number(process.env.FC_SEED);
const numRuns = Number(process.env.FC_RUNS ?? 1000);

fc.configureGlobal({ seed, numRuns });
