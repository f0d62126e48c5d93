/**
 * The deepest nesting of arrays and objects a request body may have. Real chat and tool-call bodies
 * are a handful of levels deep; JSON.parse accepts far deeper ones, but the recursive steps after it
 * (hashing the content for the audit with JSON.stringify, writing the record) overflow the stack at
 * a few thousand levels — an attacker's cheap way to turn every request into a 500.
 */
export const MAX_BODY_DEPTH = 64;

/**
 * Whether a parsed JSON value nests deeper than `limit`. Iterative (an explicit stack), so that
 * measuring an adversarial body cannot itself overflow the call stack; stops at the first too-deep
 * node.
 */
export function exceedsDepth(value: unknown, limit: number = MAX_BODY_DEPTH): boolean {
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > limit) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}
