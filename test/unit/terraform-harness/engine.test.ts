// Which engine a binary is, from its own `version` output (captured from Terraform 1.11.4 and OpenTofu 1.10.10),
// and which variable and command each engine is looked up by.
import {
  describeEngine,
  engineCommand,
  engineVariable,
  parseEngineVersion,
} from "../../../terraform-harness/src/engine";
import { terraformCommand } from "../../../terraform-harness/src/terraform-binary";

// `version` and `version -json`, as each engine printed them, after init (the lock file's providers are listed).
const TERRAFORM_1_11_4 =
  "Terraform v1.11.4\non linux_amd64\n+ provider registry.terraform.io/dmacvicar/libvirt v0.8.3\n";
const OPENTOFU_1_10_10 =
  "OpenTofu v1.10.10\non linux_amd64\n+ provider registry.opentofu.org/dmacvicar/libvirt v0.8.3\n";
const TERRAFORM_1_11_4_JSON =
  '{\n  "terraform_version": "1.11.4",\n  "platform": "linux_amd64",\n  "provider_selections": {},\n  "terraform_outdated": false\n}\n';
const OPENTOFU_1_10_10_JSON =
  '{\n  "terraform_version": "1.10.10",\n  "platform": "linux_amd64",\n  "provider_selections": {}\n}\n';

describe("parseEngineVersion", () => {
  test.each([
    ["Terraform 1.11.4", TERRAFORM_1_11_4, { engine: "terraform", version: "1.11.4" }],
    ["OpenTofu 1.10.10", OPENTOFU_1_10_10, { engine: "opentofu", version: "1.10.10" }],
    ["a pre-release", "OpenTofu v1.11.0-beta1\non linux_amd64\n", { engine: "opentofu", version: "1.11.0-beta1" }],
    ["a development build", "OpenTofu v1.10.10-dev\non linux_amd64\n", { engine: "opentofu", version: "1.10.10-dev" }],
    ["leading blank lines", "\nTerraform v1.5.7\non linux_amd64\n", { engine: "terraform", version: "1.5.7" }],
    // Both say terraform_version: the JSON cannot tell them apart, so it is not taken for either.
    ["Terraform's version -json", TERRAFORM_1_11_4_JSON, null],
    ["OpenTofu's version -json", OPENTOFU_1_10_10_JSON, null],
    ["another program", "pulumi v3.0.0\n", null],
    ["a wrapper that prints first", "using the wrapper\nTerraform v1.11.4\n", null],
    ["nothing", "", null],
  ])("%s", (_name, output, want) => {
    expect(parseEngineVersion(output)).toEqual(want);
  });

  test("describeEngine names the product and the version", () => {
    expect(describeEngine({ engine: "opentofu", version: "1.10.10" })).toBe("OpenTofu 1.10.10");
    expect(describeEngine({ engine: "terraform", version: "1.11.4" })).toBe("Terraform 1.11.4");
  });
});

describe("which binary each engine is looked up as", () => {
  test("commands and variables", () => {
    expect([engineCommand("terraform"), engineVariable("terraform")]).toEqual(["terraform", "TERRAFORM"]);
    expect([engineCommand("opentofu"), engineVariable("opentofu")]).toEqual(["tofu", "TOFU"]);
  });

  test.each([
    ["no engine, nothing set", {}, undefined, "terraform"],
    ["no engine, $TERRAFORM naming tofu", { TERRAFORM: "/opt/tofu/tofu" }, undefined, "/opt/tofu/tofu"],
    ["terraform, $TERRAFORM set", { TERRAFORM: "/opt/tf/terraform" }, "terraform", "/opt/tf/terraform"],
    ["opentofu, nothing set", {}, "opentofu", "tofu"],
    ["opentofu, $TOFU set", { TOFU: "/opt/tofu/tofu" }, "opentofu", "/opt/tofu/tofu"],
    // $TERRAFORM is Terraform's variable: asking for OpenTofu by name does not read it.
    ["opentofu, only $TERRAFORM set", { TERRAFORM: "/opt/tf/terraform" }, "opentofu", "tofu"],
    ["opentofu, $TOFU blank", { TOFU: "  " }, "opentofu", "tofu"],
  ] as const)("%s", (_name, env, engine, want) => {
    expect(terraformCommand(env, engine)).toBe(want);
  });
});
