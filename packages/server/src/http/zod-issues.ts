/** Zod issues as the `errors` list of a problem: `{ path: 'phone', message }`. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export function zodIssues(
  issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[],
): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}
