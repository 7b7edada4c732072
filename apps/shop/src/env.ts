/** Reading the demo's settings from the environment, with a clear error for a bad value. */

/** A whole number from `name`, or `undefined` when it is unset or empty. */
export function numberFromEnv(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a whole number, got "${value}".`);
  return parsed;
}
