// The rule tables' shape: given a spec (a change from the defaults, which are the seed's), want exactly the findings
// one rule gives, in order, each by severity, key path and a distinctive part of its message (and of its fix where
// the fix is the point), or none. The rule runs alone, so another rule's finding on the same spec does not blur it.
import { cut, formatPath, type Finding, type Severity } from "../../../generator/findings";
import { buildCluster, type Cluster } from "../../../generator/model/model";
import type { Spec } from "../../../generator/input/spec";
import { validate } from "../../../generator/input/validate";

/** A spec as a spec file gives it: the keys it sets, the rest left to their defaults. */
export type Given = Readonly<Record<string, unknown>>;

/**
 * A model built from a spec, then altered by hand: for what the model guarantees today (addresses apart, names
 * apart), which no spec can break, so that the rule is still seen to fire.
 */
export class ByHand {
  constructor(
    readonly spec: Given,
    readonly what: string,
    readonly alter: (cluster: Cluster) => Cluster,
  ) {}
}

/** One expected finding: severity, the key path as gen-infra prints it, part of the message, part of the fix. */
export type Want = readonly [severity: Severity, path: string, message: string, fix?: string];

export function specOf(given: Given): Spec {
  const result = validate(given);
  if (!result.ok) throw new Error(`the row's spec is refused by the schema: ${JSON.stringify(result.findings)}`);
  return result.spec;
}

export const clusterOf = (given: Given | ByHand): Cluster =>
  given instanceof ByHand ? given.alter(buildCluster(specOf(given.spec))) : buildCluster(specOf(given));

const givenTitle = (given: Given | ByHand): string =>
  given instanceof ByHand ? `${cut(JSON.stringify(given.spec))} with ${given.what}` : cut(JSON.stringify(given));

const wantTitle = (want: readonly Want[]): string =>
  want.length === 0 ? "no finding" : want.map(([severity, path]) => `${severity} at ${path}`).join(", ");

/** Rows for test.each, titled `given → want` so that each test's name says what it checks. */
export const table = <G extends Given | ByHand>(
  rows: readonly (readonly [given: G, want: readonly Want[]])[],
): (readonly [title: string, given: G, want: readonly Want[]])[] =>
  rows.map(([given, want]) => [`${givenTitle(given)} → ${wantTitle(want)}`, given, want] as const);

export function expectFindings(findings: readonly Finding[], want: readonly Want[]): void {
  const shown = findings.map((finding, i) => {
    const row = [finding.severity, formatPath(finding.path), finding.message];
    return want[i]?.[3] === undefined ? row : [...row, finding.fix];
  });
  expect(shown).toEqual(
    want.map(([severity, path, message, fix]) => [
      severity,
      path,
      expect.stringContaining(message),
      ...(fix === undefined ? [] : [expect.stringContaining(fix)]),
    ]),
  );
}
