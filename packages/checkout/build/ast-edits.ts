/** Edits of a chunk's text at the places its syntax tree points to (shared by the build plugins). */
export interface AstNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Calls `onNode` for every node of `tree`, depth first. */
export function walk(tree: unknown, onNode: (node: AstNode) => void): void {
  if (Array.isArray(tree)) {
    for (const item of tree) walk(item, onNode);
    return;
  }
  if (!tree || typeof tree !== 'object') return;
  const node = tree as AstNode;
  if (typeof node.type === 'string') onNode(node);
  for (const value of Object.values(node)) {
    if (value && typeof value === 'object') walk(value, onNode);
  }
}

/** `code` with every edit applied (edits must not overlap). */
export function applyEdits(code: string, edits: readonly Edit[]): string {
  let out = code;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}
