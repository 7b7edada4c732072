/** Small text helpers for the virtual phone's server-rendered HTML. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** `1500` -> `1,500` (and `1500.00` -> `1,500.00`), independent of the host's locale data. */
export function formatShillings(amount: number | string): string {
  return String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
