// Where the stand-in's plan may differ from the real provider's, each with its reason. Anything else the
// comparison finds is a stand-in defect to fix. docs/verify.md repeats this list.
import { generalPath, type Difference } from "./plan-values";

export interface KnownDifference {
  /** The generalised path (generalPath) the difference is at. */
  path: string;
  /** Whether the value differs only in a way this predicate accepts. */
  matches: (difference: Difference) => boolean;
  reason: string;
}

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [];

export function explain(difference: Difference): KnownDifference | undefined {
  const path = generalPath(difference.path);
  return KNOWN_DIFFERENCES.find((known) => known.path === path && known.matches(difference));
}
