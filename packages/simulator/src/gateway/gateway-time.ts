/** `service_date_time` as the gateway writes it: `2023-05-15 10:00:00.000000` (assumed UTC). */
export function serviceDateTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}
