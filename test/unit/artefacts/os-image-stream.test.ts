// os_image_stream per release: given a spec with a stream, want install-config.yaml's osImageStream and featureSet as
// the release needs them (the installer port accepting the file, or the compile would fail), or the rule that
// refuses the key.
import { parse as parseYaml } from "yaml";
import { compile } from "../../../generator/compile";
import { formatFinding, formatPath } from "../../../generator/findings";
import type { InstallConfig } from "../../../generator/installer/install-config-types";

const ipi = { number_of_workers: 1 };
const agent = { installer: "agent" };

/** [title, spec, osImageStream and featureSet written, or the refusing finding's words] */
const rows: [string, Record<string, unknown>, Pick<InstallConfig, "osImageStream" | "featureSet"> | string][] = [
  ["4.21 refuses the key", { ...ipi, ocp_version: "4.21.3", os_image_stream: "rhel-9" }, "os_image_stream: an OS"],
  [
    "4.22 writes rhel-9 with TechPreviewNoUpgrade",
    { ...ipi, ocp_version: "4.22.1", os_image_stream: "rhel-9" },
    { osImageStream: "rhel-9", featureSet: "TechPreviewNoUpgrade" },
  ],
  [
    "4.22 writes rhel-10 with TechPreviewNoUpgrade",
    { ...ipi, ocp_version: "4.22.1", os_image_stream: "rhel-10" },
    { osImageStream: "rhel-10", featureSet: "TechPreviewNoUpgrade" },
  ],
  ["4.22 without the key writes neither", { ...ipi, ocp_version: "4.22.1" }, {}],
  ["5.0 writes rhel-9 alone", { ...ipi, ocp_version: "5.0.1", os_image_stream: "rhel-9" }, { osImageStream: "rhel-9" }],
  [
    "5.0 writes rhel-10 alone",
    { ...ipi, ocp_version: "5.0.1", os_image_stream: "rhel-10" },
    { osImageStream: "rhel-10" },
  ],
  ["5.0 without the key writes neither", { ...ipi, ocp_version: "5.0.1" }, {}],
  [
    "the agent-based installer on 4.22 refuses the key",
    { ...agent, ocp_version: "4.22.1", os_image_stream: "rhel-10" },
    "os_image_stream: the agent-based installer passes osImageStream on",
  ],
  [
    "the agent-based installer on 5.0 writes it",
    { ...agent, ocp_version: "5.0.1", os_image_stream: "rhel-9" },
    { osImageStream: "rhel-9" },
  ],
];

test.each(rows)("%s", (_title, spec, want) => {
  const compiled = compile(spec, "spec.json");
  const errors = compiled.findings.filter((f) => f.severity === "error");
  if (typeof want === "string") {
    expect(errors.map((f) => `${formatPath(f.path)}: ${f.message}`)).toContainEqual(expect.stringContaining(want));
    return;
  }
  expect(errors.map(formatFinding)).toEqual([]);
  const config = parseYaml(compiled.files!.get("install-config.yaml")!) as InstallConfig;
  expect({ osImageStream: config.osImageStream, featureSet: config.featureSet }).toEqual({
    osImageStream: undefined,
    featureSet: undefined,
    ...want,
  });
});

test("4.22's preview feature set comes with a warning that the cluster can never be upgraded", () => {
  const { findings } = compile({ ocp_version: "4.22.1", os_image_stream: "rhel-10" }, "spec.json");
  expect(findings.filter((f) => formatPath(f.path) === "os_image_stream").map((f) => f.severity)).toEqual(["warning"]);
  expect(findings.find((f) => formatPath(f.path) === "os_image_stream")!.message).toContain("can never be upgraded");
});

test("the key is written where the spec has it, and the installer's choice is left to it otherwise", () => {
  const { files } = compile({ ocp_version: "5.0.1" }, "spec.json");
  expect(files!.get("install-config.yaml")).not.toContain("osImageStream");
  expect(files!.get("inventory.json")).not.toContain("os_image_stream");
});
