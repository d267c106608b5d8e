// Reading agent-config.yaml as the installer does (sigs.k8s.io/yaml's strict read into pkg/types/agent's Config,
// then ConvertAgentConfig): a key its types lack stops it, and so does an apiVersion it cannot convert. A key that
// differs from a field's name in case only is that field, as Go's JSON decoder matches them. Values of the wrong
// type, which Go's decoder refuses too, are not covered. Pure.
import type { AgentConfig } from "./agent-config-types";
import { goQuote, invalidString, required, type FieldError } from "./errors";
import { releaseHas, releases, type Release } from "../releases";

/** What a key holds: any value (a scalar, or a map the installer does not look into), fields, or a list. */
type Shape = "any" | { readonly fields: Readonly<Record<string, Shape>> } | { readonly each: Shape };

const fields = (entries: Record<string, Shape>): Shape => ({ fields: entries });
const scalars = (...keys: string[]): Shape => fields(Object.fromEntries(keys.map((key) => [key, "any"])));

/** Kubernetes' ObjectMeta. */
const metadata = scalars(
  "annotations",
  "creationTimestamp",
  "deletionGracePeriodSeconds",
  "deletionTimestamp",
  "finalizers",
  "generateName",
  "generation",
  "labels",
  "managedFields",
  "name",
  "namespace",
  "ownerReferences",
  "resourceVersion",
  "selfLink",
  "uid",
);

const rootDeviceHints = scalars(
  "deviceName",
  "hctl",
  "model",
  "vendor",
  "serialNumber",
  "minSizeGigabytes",
  "wwn",
  "wwnWithExtension",
  "wwnVendorExtension",
  "rotational",
);

/** The keys of the release's Config. */
function agentConfigShape(release: Release): Shape {
  const host = fields({
    hostname: "any",
    role: "any",
    rootDeviceHints,
    interfaces: { each: scalars("name", "macAddress") },
    networkConfig: "any",
    ...(releaseHas(release, releases.agentBaremetalHosts)
      ? { BMC: scalars("username", "password", "address", "disableCertificateVerification") }
      : {}),
  });
  return fields({
    apiVersion: "any",
    kind: "any",
    metadata,
    additionalNTPSources: "any",
    rendezvousIP: "any",
    ...(releaseHas(release, releases.agentBootArtifactsBaseUrl) ? { bootArtifactsBaseURL: "any" } : {}),
    hosts: { each: host },
    ...(releaseHas(release, releases.agentMinimalIso) ? { minimalISO: "any" } : {}),
  });
}

interface Canonical {
  /** The value with each key as its field is named. */
  readonly value: unknown;
  /** The first key no field has, and its path. */
  readonly unknownKey?: { readonly key: string; readonly path: string };
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Go decodes the JSON its YAML library makes of the file, each map's keys sorted, and keeps the first error it meets
 * on the way: the first unknown key is the first in that order, depth first.
 */
function canonical(value: unknown, shape: Shape, path: string): Canonical {
  if (shape === "any") return { value };
  if ("each" in shape) {
    if (!Array.isArray(value)) return { value };
    const items = value.map((item, i) => canonical(item, shape.each, `${path}[${i}]`));
    return { value: items.map((item) => item.value), unknownKey: items.find((item) => item.unknownKey)?.unknownKey };
  }
  if (!isMap(value)) return { value };
  const names = Object.keys(shape.fields);
  const read = Object.keys(value)
    .sort()
    .map((key) => {
      const keyPath = path === "" ? key : `${path}.${key}`;
      const name = names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
      if (name === undefined) return { name, key, unknownKey: { key, path: keyPath } };
      return { name, key, ...canonical(value[key], shape.fields[name]!, keyPath) };
    });
  return {
    value: Object.fromEntries(read.flatMap((entry) => (entry.name === undefined ? [] : [[entry.name, entry.value]]))),
    unknownKey: read.find((entry) => entry.unknownKey)?.unknownKey,
  };
}

/** ConvertAgentConfig: the versions the installer reads. */
function versionError(apiVersion: unknown): FieldError | undefined {
  const version = typeof apiVersion === "string" ? apiVersion : "";
  if (version === "v1beta1" || version === "v1alpha1") return undefined;
  if (version === "") return required("apiVersion", "no version was provided");
  return invalidString("apiVersion", version, `cannot upconvert from version ${version}`);
}

/**
 * agent-config.yaml's document (as YAML parsed it) read as the installer of the release reads it, or the error it
 * stops at: its line names the key alone, the error's path says where the key is.
 */
export function readAgentConfig(
  document: unknown,
  release: Release,
): { readonly config: AgentConfig } | { readonly stopped: FieldError } {
  // An empty file is an empty Config.
  const read = canonical(document ?? {}, agentConfigShape(release), "");
  if (read.unknownKey !== undefined) {
    const { key, path } = read.unknownKey;
    const message = `failed to unmarshal agent-config.yaml: error unmarshaling JSON: while decoding JSON: json: unknown field ${goQuote(key)}`;
    return { stopped: { path, message } };
  }
  const config = (isMap(read.value) ? read.value : {}) as AgentConfig;
  const error = versionError(config.apiVersion);
  return error === undefined ? { config } : { stopped: error };
}
