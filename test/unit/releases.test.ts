// One table holds every release gate: each gate's window reads as the table says, and no module of the generator
// or template compares an OpenShift minor with a number of its own.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { root } from "../helpers";
import { releaseFrom } from "../../generator/rules/lab-terms";
import {
  compareReleases,
  ocpVersionPattern,
  parseRelease,
  releaseHas,
  releaseLines,
  releaseLinesText,
  releases,
  type Release,
  type ReleaseGate,
} from "../../generator/releases";

const known = (release: Release): boolean =>
  releaseLines.some((line) => line.major === release.major && release.minor <= line.minor);

test("every gate starts at a release gen-infra knows, and one that ends ends after it starts", () => {
  for (const gate of Object.values(releases) as ReleaseGate[]) {
    expect(known(gate.since)).toBe(true);
    if (gate.until !== undefined) expect(compareReleases(gate.until, gate.since)).toBeGreaterThan(0);
  }
});

const gate = (since: `${number}.${number}`, until?: `${number}.${number}`): ReleaseGate => ({
  since: parseRelease(since),
  ...(until === undefined ? {} : { until: parseRelease(until) }),
});

test.each([
  [gate("4.12"), "4.11", false],
  [gate("4.12"), "4.12", true],
  [gate("4.12"), "4.30", true],
  [gate("4.12"), "5.0", true],
  [gate("4.12", "4.13"), "4.11", false],
  [gate("4.12", "4.13"), "4.12", true],
  [gate("4.12", "4.13"), "4.13", false],
  [gate("4.12", "4.13"), "5.0", false],
  [gate("5.1"), "4.22", false],
  [gate("5.1"), "5.0", false],
  [gate("5.1"), "5.1", true],
] as const)("%j at %s: %s", (gate, release, has) => {
  expect(releaseHas(parseRelease(release), gate)).toBe(has);
});

test.each([
  ["4.9.5", true],
  ["4.0.0", true],
  ["4.20.10", true],
  [`4.${releaseLines[0].minor}.3`, true],
  [`4.${releaseLines[0].minor + 1}.0`, false],
  ["5.0.1", true],
  ["5.1.0", false],
  ["6.0.0", false],
  ["3.11.0", false],
  ["5.0.0-ec.2", false],
  ["4.22.0-rc.1", false],
  ["4.22.0-0.nightly-2026-05-01-123456", false],
  ["4.09.5", false],
  ["4.10.01", false],
  ["4.10", false],
])("ocp_version %s is accepted: %s", (version, accepted) => {
  expect(new RegExp(ocpVersionPattern).test(version)).toBe(accepted);
});

test("ocp_version's allowed text names the newest release of each line", () => {
  expect(releaseLinesText).toBe(`4.0 to 4.${releaseLines[0].minor}, or 5.0`);
});

/** A major or minor release compared with, or named as, a number written in place: a gate that belongs in the table. */
// A comparison with 0 tests a release's shape, not a release.
const numberedGate =
  /\w*(?:minor|major)\w*\s*(?:[<>]=?|[!=]==?|[:=])\s*[1-9]|[1-9]\d*\s*(?:[<>]=?|[!=]==?)\s*\w*(?:minor|major)/i;

const sources = (folder: string, extension: string): string[] =>
  readdirSync(path.join(root, folder), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(extension))
    .map((file) => path.join(folder, file));

test("no module or template gates on a release of its own", () => {
  const found = [...sources("generator", ".ts"), ...sources("templates", ".eta")].flatMap((file) =>
    readFileSync(path.join(root, file), "utf8")
      .split("\n")
      .flatMap((line, i) => (numberedGate.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
  expect(found).toEqual([]);
});

test.each([
  ["const bonding = ocpMinor >= 10;", true],
  ["if (minor < 12) return;", true],
  ["return 19 <= ocpMinor;", true],
  ["if (since.minor === 0) return;", false],
  ["const strictUnknownFieldsMinor = 10;", true],
  ["export const bondingMinMinor = 10;", true],
  ["bonding = local.ocp_minor_version >= 10", true],
  ["bonding = local.ocp_major_version > 4", true],
  ["if (release.major >= 5) return;", true],
  ["const bonding = releaseHas(release, releases.bonding);", false],
  ["bonding = local.ocp_minor_version >= <%= it.bondingSince %>", false],
])("the check itself: `%s` gates on a number: %s", (line, gates) => {
  expect(numberedGate.test(line)).toBe(gates);
});

test.each(["4.6", "4.10", "4.22", "5.0", "5.3"] as const)(
  "the plan-time test of a release from %s agrees with releaseHas on every release of both lines",
  (since) => {
    const text = releaseFrom(parseRelease(since));
    for (const major of [4, 5])
      for (let minor = 0; minor <= 25; minor++) {
        const expression = text
          .map((part) => (typeof part === "string" ? part : part.symbol === "ocpMajor" ? major : minor))
          .join("");
        // The operators the text uses (>, >=, ==, ||, &&) read the same in HCL and JavaScript.
        expect([major, minor, new Function(`return ${expression};`)()]).toEqual([
          major,
          minor,
          releaseHas({ major, minor }, { since: parseRelease(since) }),
        ]);
      }
  },
);
