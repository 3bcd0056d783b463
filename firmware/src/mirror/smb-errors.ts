// The share's failures as one error type, with the reason a person is told.
import type { ShareProblem } from '../api/mirror.js';
import { PROBLEM_WORDS, type SmbFailure } from './smb-output.js';

export class ShareError extends Error {
  constructor(
    readonly problem: ShareProblem,
    readonly detail: string,
  ) {
    super(`${PROBLEM_WORDS[problem]} (${detail})`);
    this.name = 'ShareError';
  }
  static of(f: SmbFailure): ShareError {
    return new ShareError(f.problem, f.line);
  }
}
