// Loading install-config.yaml: the fields the release's install-config type does not have, which only the strict
// read of releases.strictUnknownFields stops at. Pure.
import type { InstallConfig } from "./install-config-types";
import { releaseHas, releases, type ReleaseGate, type Release } from "../releases";
import { goQuote, type FieldError } from "./errors";

/** The fields typed here that an older release's type lacks, in the order of Go's JSON of the YAML (keys sorted). */
const laterFields: readonly {
  readonly path: string;
  readonly gate: ReleaseGate;
  readonly value: (c: InstallConfig) => unknown;
}[] = [
  { path: "arbiter", gate: releases.arbiter, value: (c) => c.arbiter },
  { path: "featureGates", gate: releases.featureGatesField, value: (c) => c.featureGates },
  { path: "featureSet", gate: releases.featureSetField, value: (c) => c.featureSet },
  { path: "osImageStream", gate: releases.osImageStream, value: (c) => c.osImageStream },
  { path: "platform.baremetal.apiVIPs", gate: releases.vipLists, value: (c) => c.platform.baremetal?.apiVIPs },
  {
    path: "platform.baremetal.bmcVerifyCA",
    gate: releases.bmcVerifyCA,
    value: (c) => c.platform.baremetal?.bmcVerifyCA,
  },
  {
    path: "platform.baremetal.dnsRecordsType",
    gate: releases.dnsRecordsType,
    value: (c) => c.platform.baremetal?.dnsRecordsType,
  },
  { path: "platform.baremetal.ingressVIPs", gate: releases.vipLists, value: (c) => c.platform.baremetal?.ingressVIPs },
  {
    path: "platform.baremetal.loadBalancer",
    gate: releases.loadBalancer,
    value: (c) => c.platform.baremetal?.loadBalancer,
  },
  {
    path: "platform.baremetal.provisioningNetworkGateway",
    gate: releases.provisioningNetworkGateway,
    value: (c) => c.platform.baremetal?.provisioningNetworkGateway,
  },
];

/**
 * release-4.10's strict read of install-config.yaml: the first field its type lacks stops it, before conversion,
 * defaults and validation. The message names the key alone; the error's path says where it is. Other releases
 * ignore such fields (4.11 and later with a warning), so this is undefined for them.
 */
export function unknownFieldError(config: InstallConfig, release: Release): FieldError | undefined {
  if (!releaseHas(release, releases.strictUnknownFields)) return undefined;
  // A key given as null is still a key: YAML null is JSON null, and the JSON decoder refuses the key itself.
  const first = laterFields.find((field) => !releaseHas(release, field.gate) && field.value(config) !== undefined);
  if (first === undefined) return undefined;
  const key = first.path.split(".").pop()!;
  return {
    path: first.path,
    message:
      "failed to unmarshal install-config.yaml: failed to parse first occurence of unknown field: " +
      `error unmarshaling JSON: while decoding JSON: json: unknown field ${goQuote(key)}`,
  };
}
