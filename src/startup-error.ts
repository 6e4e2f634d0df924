/**
 * A reason the server cannot start that the operator can fix (a setting, a busy port, a data directory
 * it cannot use). `trove serve` prints its message as one line and exits non-zero, without a stack.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}
