import { KalguardError, type ErrorDetail } from '../errors';

/** How many problems the message lists; the rest are in `details`. */
const PROBLEMS_IN_MESSAGE = 3;
/** A policy generated wrongly can have thousands of problems; past this many, more add nothing. */
const MAX_DETAILS = 100;

/**
 * The one way policy problems become an error, so that parse and compile problems read alike:
 * `Cannot load policy: 2 problems: rules[1].match.colour: unknown key …; …`.
 */
export function policyInvalid(problems: readonly ErrorDetail[], source?: string): KalguardError {
  const details = problems.slice(0, MAX_DETAILS);
  const n = problems.length;
  const listed = problems.slice(0, PROBLEMS_IN_MESSAGE).map((p) => `${p.path}: ${p.message}`);
  if (n > PROBLEMS_IN_MESSAGE) listed.push(`and ${n - PROBLEMS_IN_MESSAGE} more`);
  const where = source === undefined ? '' : ` ${source}`;
  return new KalguardError('ERR_POLICY_INVALID', `Cannot load policy${where}: ${n} problem${n === 1 ? '' : 's'}: ${listed.join('; ')}`, {
    details,
  });
}
