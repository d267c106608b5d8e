// Single Node OpenShift on the baremetal platform (pkg/types/validation ValidateInstallConfig, so for every install
// method): from releases.singleNodeRefusedOnBaremetal a config asking for bootstrap in place with one control-plane
// replica is refused there at once, rather than failing later in the install. Pure.
import type { InstallConfig } from "./install-config-types";
import { releaseHas, releases, type Release } from "../releases";
import { invalidString, type FieldError } from "./errors";
import { controlPlaneReplicas } from "./arbiter";
import { platformName } from "./platform-name";

export function singleNodeErrors(config: InstallConfig, release: Release): FieldError[] {
  if (!releaseHas(release, releases.singleNodeRefusedOnBaremetal)) return [];
  const inPlace = config.bootstrapInPlace !== undefined && config.bootstrapInPlace !== null;
  if (!inPlace || controlPlaneReplicas(config) !== 1 || platformName(config) !== "baremetal") return [];
  // The installer's bad value is an empty string, whatever bootstrapInPlace holds.
  return [invalidString("bootstrapInPlace", "", "Single Node OpenShift is not supported on the baremetal platform")];
}
