// The harness as its callers see it: `gen-infra verify` (through its own bundle, dist/gen-infra-verify.cjs) and the
// tests. Everything else in this folder is how it does it, and may change without them noticing.

// Running Terraform or OpenTofu, sealed, on a folder of generated output.
export { runTerraform, type RunTerraformOptions } from "./harness";
export { runTerraformVariants } from "./variants";
export { describeFailure, type HarnessFailure, type HarnessResult, type HarnessSuccess } from "./result";
export { describeEngine, type Engine } from "./engine";
export { findTerraform, terraformAvailable } from "./terraform-binary";

// Reading what a run planned.
export { plannedResources, type PlanResourceJson, type TerraformPlanJson } from "./plan-json";
export { formatPlanSummary, summarisePlan } from "./plan-summary";

// For the verify command: whatever stops it, Terraform is killed and the scratch folder removed.
export { installSignalCleanup } from "./cleanup";

// For tests that parse HCL themselves: the same WebAssembly compile as the harness's parser.
export { baselineWasmOnly } from "./hcl-parser";

// For tests that lay out a parent stack and a provider mirror by hand, for the real provider.
export { writeRemoteState } from "./remote-state";
export { sshKeyPair, writeKeyFiles, type SshKeyPair } from "./ssh-keys";
export { mirrorExecutable, OPENTOFU_PROVIDER_SOURCE, PROVIDER_SOURCE, PROVIDER_SOURCES } from "./provider-mirror";
