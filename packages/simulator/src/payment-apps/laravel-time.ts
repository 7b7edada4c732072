/** Laravel's JSON timestamps: ISO 8601 in UTC with microseconds, `2026-03-15T14:30:00.000000Z`. */
export function laravelTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
