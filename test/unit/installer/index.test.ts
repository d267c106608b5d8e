// The installer's rules held against the installer's own test cases (./cases): all errors must match, in any order:
// a case the installer's test matches on one message may rightly give more, and expected.json lists them.
import { installerErrors } from "../../../generator/installer";
import { caseFiles, expected, lines, load, table } from "./cases";

test("every file in fixtures/installer has an expectation, and every expectation a file", () => {
  expect(caseFiles.filter((file) => !(file in expected))).toEqual([]);
  expect(Object.keys(expected).filter((file) => !caseFiles.includes(file))).toEqual([]);
  expect(caseFiles.every((file) => file.endsWith(".yaml"))).toBe(true);
});

test.each(table.filter(([, , want]) => want.findings.length === 0))(
  "%s (4.%i): the installer takes it",
  (file, ocpMinor) => {
    expect(lines(installerErrors(load(file), ocpMinor))).toEqual([]);
  },
);

test.each(table.filter(([, , want]) => want.findings.length > 0))(
  "%s (4.%i): what the installer reports, and nothing else",
  (file, ocpMinor, want) => {
    expect(lines(installerErrors(load(file), ocpMinor))).toEqual(lines(want.findings));
  },
);
