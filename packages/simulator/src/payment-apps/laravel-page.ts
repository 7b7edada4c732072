/** Laravel's `paginate()` answer: the page's items with `current_page`, `per_page`, `total`, `last_page`. */
export interface LaravelPage<T> {
  readonly current_page: number;
  readonly data: T[];
  readonly per_page: number;
  readonly total: number;
  readonly last_page: number;
  readonly from: number | null;
  readonly to: number | null;
}

export function laravelPage<T>(
  all: readonly T[],
  paging: { page: number; perPage: number },
): LaravelPage<T> {
  const start = (paging.page - 1) * paging.perPage;
  const data = all.slice(start, start + paging.perPage);
  return {
    current_page: paging.page,
    data,
    per_page: paging.perPage,
    total: all.length,
    last_page: Math.max(1, Math.ceil(all.length / paging.perPage)),
    from: data.length > 0 ? start + 1 : null,
    to: data.length > 0 ? start + data.length : null,
  };
}
