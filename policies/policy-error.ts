/** A policy file is malformed or inconsistent; the message names the file and the entry. */
export class PolicyError extends Error {
  readonly code = 'ERR_POLICY_INVALID';
}
