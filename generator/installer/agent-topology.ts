// The cluster's shape under the agent-based installer (pkg/asset/agent/installconfig.go): how many control-plane
// replicas it installs, Single Node OpenShift (one control-plane replica, no compute) only on platform none or
// external, and the arbiter beside two control-plane replicas. Of a config as loadInstallConfig hands it on, whose
// defaults give a pool without replicas 3 and compute one such pool where it has none. Pure.
import type { InstallConfig } from "./install-config-types";
import { forbidden, goReplicas, invalid, invalidString, notSupported, required, type FieldError } from "./errors";
import { arbiterPool, controlPlaneReplicas } from "./arbiter";
import { arbiterGateEnabled, dualReplicaGateEnabled } from "./feature-sets";
import { pathOf } from "./paths";
import { platformName } from "./platform-name";
import { releaseHas, releases, type Release } from "../releases";

const computeReplicas = (config: InstallConfig): number =>
  (config.compute?.length ? config.compute : [{ replicas: undefined }]).reduce(
    (sum, pool) => sum + (pool.replicas ?? 3),
    0,
  );

/** The control-plane replicas the release installs. */
function controlPlaneErrors(config: InstallConfig, release: Release): FieldError[] {
  const replicas = controlPlaneReplicas(config);
  const found = goReplicas(replicas);
  if (releaseHas(release, releases.agentTwoNodeRules)) {
    if (replicas >= 1 && replicas <= 5) return [];
    const fencing = dualReplicaGateEnabled(config, release) ? ["2 (with fencing)"] : [];
    return [notSupported("controlPlane.replicas", replicas, ["3", "1", "4", "5", "2 (with arbiter)", ...fencing])];
  }
  // With the arbiter (and the YAML keys' paths, both in 4.19), two replicas take an arbiter pool.
  if (releaseHas(release, releases.arbiter)) {
    const withArbiter = arbiterPool(config, release) !== undefined;
    if (replicas >= 1 && replicas <= 5 && (replicas !== 2 || withArbiter)) return [];
    const two = arbiterGateEnabled(config, release) ? ["2"] : [];
    return [notSupported("controlPlane.replicas", replicas, ["3", "1", "4", "5", ...two])];
  }
  const path = "ControlPlane.Replicas";
  if (releaseHas(release, releases.agentFiveControlPlanes)) {
    if (replicas >= 1 && replicas <= 5 && replicas !== 2) return [];
    return [invalid(path, found, `ControlPlane.Replicas can only be set to 5, 4, 3, or 1. Found ${found}`)];
  }
  if (!releaseHas(release, releases.agentControlPlaneOneOrThree) || replicas === 1 || replicas === 3) return [];
  return [invalid(path, found, `ControlPlane.Replicas can only be set to 3 or 1. Found ${found}`)];
}

const snoNetworkDetail = "Only OVNKubernetes network type is allowed for Single Node OpenShift (SNO) cluster";

/** Before releases.agentSingleNodeOnNoneOrExternal: platform none is Single Node OpenShift, and only it is. */
function noneIsSingleNodeErrors(config: InstallConfig): FieldError[] {
  const replicas = controlPlaneReplicas(config);
  const workers = computeReplicas(config);
  const networkType = config.networking?.networkType ?? "";
  if (platformName(config) !== "none") {
    return replicas === 1 && workers === 0
      ? [
          invalidString(
            "Platform",
            platformName(config),
            `Platform should be set to none if the ControlPlane.Replicas is ${replicas} and total number of Compute.Replicas is ${workers}`,
          ),
        ]
      : [];
  }
  return [
    ...(networkType === "OVNKubernetes"
      ? []
      : [invalidString("Networking.NetworkType", networkType, snoNetworkDetail)]),
    ...(replicas === 1
      ? []
      : [
          required(
            "ControlPlane.Replicas",
            `ControlPlane.Replicas must be 1 for none platform. Found ${goReplicas(replicas)}`,
          ),
        ]),
    ...(workers === 0
      ? []
      : [
          required(
            "Compute.Replicas",
            `Total number of Compute.Replicas must be 0 for none platform. Found ${workers}`,
          ),
        ]),
  ];
}

/** One control-plane replica: no compute, platform none or external, OVN-Kubernetes; from 4.20 no arbiter. */
function singleNodeErrors(config: InstallConfig, release: Release): FieldError[] {
  if (!releaseHas(release, releases.agentSingleNodeOnNoneOrExternal)) return noneIsSingleNodeErrors(config);
  if (controlPlaneReplicas(config) !== 1) return [];
  const workers = computeReplicas(config);
  const platform = platformName(config);
  const userManaged = platform === "none" || platform === "external";
  const networkType = config.networking?.networkType ?? "";
  const arbiters = arbiterPool(config, release)?.replicas ?? 0;
  const shape =
    workers === 0
      ? [
          ...(userManaged && networkType !== "OVNKubernetes"
            ? [
                invalidString(
                  pathOf(release, "Networking.NetworkType", "networking.networkType"),
                  networkType,
                  snoNetworkDetail,
                ),
              ]
            : []),
          ...(userManaged
            ? []
            : [
                invalidString(
                  pathOf(release, "Platform", "platform"),
                  platform,
                  "Only platform none and external supports 1 ControlPlane and 0 Compute nodes",
                ),
              ]),
        ]
      : releaseHas(release, releases.yamlKeyPaths)
        ? [
            forbidden(
              "compute.replicas",
              `Total number of compute replicas must be 0 when controlPlane.replicas is 1 for platform none or external. Found ${workers}`,
            ),
          ]
        : [
            required(
              "Compute.Replicas",
              `Total number of Compute.Replicas must be 0 when ControlPlane.Replicas is 1 for platform none or external. Found ${workers}`,
            ),
          ];
  const arbiter =
    releaseHas(release, releases.agentArbiterRole) && arbiters > 0
      ? [
          forbidden(
            "arbiter.replicas",
            `Total number of arbiter replicas must be 0 when controlPlane.replicas is 1 for Single Node Openshift (SNO) cluster. Found ${arbiters}`,
          ),
        ]
      : [];
  return [...shape, ...arbiter];
}

/** From releases.agentTwoNodeRules: two control-plane replicas with an arbiter have exactly one. */
function twoNodeErrors(config: InstallConfig, release: Release): FieldError[] {
  if (!releaseHas(release, releases.agentTwoNodeRules) || controlPlaneReplicas(config) !== 2) return [];
  const arbiter = arbiterPool(config, release);
  if (arbiter === undefined || arbiter.replicas === 1) return [];
  const detail = "TNA (Two Node with Arbiter) configuration requires exactly 1 arbiter replica";
  return [invalid("arbiter.replicas", goReplicas(arbiter.replicas), detail)];
}

export function topologyErrors(config: InstallConfig, release: Release): FieldError[] {
  return [
    ...controlPlaneErrors(config, release),
    ...singleNodeErrors(config, release),
    ...twoNodeErrors(config, release),
  ];
}
