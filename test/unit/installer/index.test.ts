// The installer's rules held against the installer's own test cases (./cases): all errors must match, in any order:
// a case the installer's test matches on one message may rightly give more, and expected.json lists them.
import { installerErrors } from "../../../generator/installer";
import { caseFiles, expected, lines, load, table } from "./cases";
import { parseRelease } from "../../../generator/releases";

test("every file in fixtures/installer has an expectation, and every expectation a file", () => {
  expect(caseFiles.filter((file) => !(file in expected))).toEqual([]);
  expect(Object.keys(expected).filter((file) => !caseFiles.includes(file))).toEqual([]);
  expect(caseFiles.every((file) => file.endsWith(".yaml"))).toBe(true);
});

test.each(table.filter(([, , want]) => want.findings.length === 0))(
  "%s (%s): the installer takes it",
  (file, release) => {
    expect(lines(installerErrors(load(file), parseRelease(release)))).toEqual([]);
  },
);

test.each(table.filter(([, , want]) => want.findings.length > 0))(
  "%s (%s): what the installer reports, and nothing else",
  (file, release, want) => {
    expect(lines(installerErrors(load(file), parseRelease(release)))).toEqual(lines(want.findings));
  },
);
