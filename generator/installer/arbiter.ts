// The arbiter machine pool (pkg/types/validation): refused unless its feature gate is on (until
// releases.arbiterWithoutGate), and then only on the platforms that have one, sized against the control plane. Pure.
import type { InstallConfig } from "./install-config-types";
import { releaseHas, releases, type Release } from "../releases";
import { forbidden, goReplicas, invalid, notSupported, type FieldError } from "./errors";
import { arbiterGate, arbiterGateEnabled } from "./feature-sets";
import { platformName } from "./platform-name";

/** The control plane's replicas after the installer's defaults, which give a pool without replicas 3. */
export const controlPlaneReplicas = (config: InstallConfig): number => config.controlPlane?.replicas ?? 3;

/**
 * The arbiter pool as the installer sees it, from 4.19: its defaults name it "arbiter" whatever it was named and
 * give it 0 replicas when it has none; `arbiter: null` is no pool at all (a nil pointer in Go).
 */
export function arbiterPool(config: InstallConfig, release: Release): { readonly replicas: number } | undefined {
  if (!releaseHas(release, releases.arbiter) || config.arbiter === undefined || config.arbiter === null) {
    return undefined;
  }
  return { replicas: config.arbiter.replicas ?? 0 };
}

/**
 * The arbiter pool's rules: until releases.arbiterWithoutGate refused unless the HighlyAvailableArbiter gate is on;
 * then the platform (baremetal, from releases.arbiterOnNoneOrExternal external and none too), replicas not 0, at
 * least 2 control-plane replicas (reported under arbiter.replicas, with the control plane's count), replicas not
 * negative. The name must be "arbiter", which holds here by the defaults. Before 4.19 the installer ignores the pool
 * (4.10 refuses it as an unknown field, unknownFieldError).
 */
export function arbiterErrors(config: InstallConfig, release: Release): FieldError[] {
  const pool = arbiterPool(config, release);
  if (pool === undefined) return [];
  if (!releaseHas(release, releases.arbiterWithoutGate)) {
    const enabled = arbiterGateEnabled(config, release);
    // An unknown feature set crashes the installer here; featureSetErrors names the set.
    if (enabled === undefined) return [];
    if (!enabled) {
      return [
        forbidden("arbiter", `${arbiterGate} feature must be enabled in order to use arbiter cluster deployment`),
      ];
    }
  }
  const path = "arbiter.replicas";
  const masters = controlPlaneReplicas(config);
  const platform = platformName(config);
  const platforms = releaseHas(release, releases.arbiterOnNoneOrExternal)
    ? ["baremetal", "external", "none"]
    : ["baremetal"];
  return [
    ...(platforms.includes(platform) ? [] : [notSupported("arbiter.platform", platform, platforms)]),
    ...(pool.replicas === 0 ? [invalid(path, goReplicas(0), "number of arbiter replicas must be positive")] : []),
    ...(masters < 2
      ? [
          invalid(
            path,
            goReplicas(masters),
            "number of controlPlane replicas must be at least 2 for arbiter deployments",
          ),
        ]
      : []),
    ...(pool.replicas < 0 ? [invalid(path, goReplicas(pool.replicas), "number of replicas must not be negative")] : []),
  ];
}
