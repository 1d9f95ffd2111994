import argon2 from 'argon2';
import { createRequire } from 'node:module';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { badRequest } from '../http/errors.js';

/** OWASP's argon2id minimum: 19 MiB, 2 iterations, 1 lane. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => argon2.hash(password, OPTIONS);

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A real hash of nothing anyone knows, verified when the user does not exist so timing does not tell. */
let decoy: Promise<string> | undefined;
export const decoyHash = () => (decoy ??= hashPassword(`decoy-${Math.random()}`));

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
/**
 * zxcvbn's score (0–4) a password must reach: 3 is "safely unguessable: moderate
 * protection from an offline slow-hash scenario" (about 10^8 guesses or more).
 */
export const PASSWORD_MIN_SCORE = 3;

/**
 * Built on first use (the dictionaries take a few hundred ms to rank). Only the first
 * 128 characters are analysed and l33t substitutions are capped, so a long or
 * digit-heavy password costs tens of milliseconds, not seconds.
 */
let estimator: ZxcvbnFactory | undefined;
const require = createRequire(import.meta.url);
function buildEstimator(): ZxcvbnFactory {
  // The dictionaries are loaded here, not with the server: about 20 MB that only setting a password needs.
  const common: typeof import('@zxcvbn-ts/language-common') = require('@zxcvbn-ts/language-common');
  const en: typeof import('@zxcvbn-ts/language-en') = require('@zxcvbn-ts/language-en');
  return new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
    maxLength: 128,
    l33tMaxSubstitutions: 16,
  });
}
const zxcvbn = () => (estimator ??= buildEstimator());

/**
 * The password policy (NCSC/NIST style: length and guessability, not composition rules):
 * 12–256 characters, not only white space, and a zxcvbn score of at least 3 with the
 * account's own names (username, display name) counted as known words. Returns the
 * reason it is refused, in the estimator's words, or undefined when it is good enough.
 */
export function passwordProblem(password: string, userInputs: string[] = []): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const inputs = userInputs.flatMap((s) => [s, ...s.split(/[^\p{L}\p{N}]+/u)]).filter((s) => s.length >= 3);
  const r = zxcvbn().check(password, inputs);
  if (password.trim() === '' || r.score < PASSWORD_MIN_SCORE) {
    const advice = [r.feedback.warning, ...r.feedback.suggestions].filter((s): s is string => Boolean(s));
    return `is too easy to guess${advice.length ? `: ${advice.join(' ')}` : '; add more words that are less common'}`;
  }
  return undefined;
}

/**
 * The one check every way of setting a password goes through (API user creation and
 * password reset, the CLI's `user add`): a 400 problem naming the `password` field.
 */
export function assertPasswordAcceptable(password: string, user: { username?: string; displayName?: string } = {}): void {
  const problem = passwordProblem(password, [user.username, user.displayName].filter((s): s is string => Boolean(s)));
  if (problem) throw badRequest(`The password ${problem}${problem.endsWith('.') ? '' : '.'}`, [{ path: 'password', message: problem }]);
}
