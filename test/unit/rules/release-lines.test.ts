// The newest release of each line gen-infra knows compiles with the seed's defaults, its install-config.yaml taken by
// the installer rules of its own release (the compile runs them, and any refusal or warning of theirs fails it); a
// release past the table, or a pre-release, is refused at ocp_version in the words of the table.
import { parse as parseYaml } from "yaml";
import { compile } from "../../../generator/compile";
import { installerErrors } from "../../../generator/installer";
import type { BaremetalInstallConfig } from "../../../generator/installer/install-config-types";
import { releaseLines, releaseName, releaseOf } from "../../../generator/releases";

const newest = releaseLines.map((line) => `${releaseName(line)}.1`);

test.each(["5.0.1", "4.21.0", "4.21.9", "4.22.0", "4.22.3", ...newest])(
  '{"ocp_version":"%s"} compiles, and its install-config.yaml passes its release\'s installer rules',
  (version) => {
    const compiled = compile({ ocp_version: version }, "v.json");
    expect(compiled.findings.filter((f) => f.severity === "error")).toEqual([]);
    const config = parseYaml(compiled.files!.get("install-config.yaml")!) as BaremetalInstallConfig;
    expect(installerErrors(config, releaseOf(version))).toEqual([]);
  },
);

test.each([
  [`4.${releaseLines[0].minor + 1}.0`],
  [`5.${releaseLines[1].minor + 1}.0`],
  ["6.0.0"],
  ["5.0.0-ec.2"],
  ["5.0.0-rc.1"],
  ["4.22.0-0.nightly-2026-04-01-000000"],
])("%s is refused at ocp_version, naming the release lines gen-infra knows", (version) => {
  const { findings } = compile({ ocp_version: version }, "v.json");
  expect(findings.map((f) => [f.severity, f.path.join("."), f.message])).toEqual([
    ["error", "ocp_version", expect.stringContaining("of 4.0 to 4.22, or 5.0")],
  ]);
});
