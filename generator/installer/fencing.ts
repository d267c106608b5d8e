// The control plane's fencing credentials (pkg/types/validation validateFencingCredentials and
// validateCredentialsNumber, pkg/types/common ValidateUniqueAndRequiredFields), release by release from 4.19, and the
// DualReplica feature gate that guards them (validateGatedFeatures). Pure.
import type { FencingCredential, InstallConfig } from "./install-config-types";
import { releaseHas, releases, type Release } from "../releases";
import { duplicate, forbidden, invalidString, required, type FieldError } from "./errors";
import { arbiterPool, controlPlaneReplicas } from "./arbiter";
import { dualReplicaGateEnabled } from "./feature-sets";
import { macProblem } from "./mac";
import { platformName } from "./platform-name";

const fencingPath = "controlPlane.fencing";
const credentialsPath = `${fencingPath}.credentials`;

interface CredentialField {
  /** The Go field, which the message names. */
  readonly name: string;
  /** The path's key: the Go field's name with its leading capitals lower-cased, as the installer derives it. */
  readonly key: string;
  readonly required: boolean;
  readonly unique: boolean;
  readonly value: (c: FencingCredential) => string | undefined;
}

/**
 * The Credential struct's tags in field order, which is the order of its errors: hostName required until
 * releases.fencingMacAddress, where macAddress joins as the other way to name the host and both are only unique.
 */
function credentialFields(release: Release): CredentialField[] {
  const byMac = releaseHas(release, releases.fencingMacAddress);
  return [
    { name: "HostName", key: "hostName", required: !byMac, unique: true, value: (c) => c.hostName },
    ...(byMac
      ? [
          {
            name: "MACAddress",
            key: "macAddress",
            required: false,
            unique: true,
            value: (c: FencingCredential) => c.macAddress,
          },
        ]
      : []),
    { name: "Username", key: "username", required: true, unique: false, value: (c) => c.username },
    { name: "Password", key: "password", required: true, unique: false, value: (c) => c.password },
    { name: "Address", key: "address", required: true, unique: true, value: (c) => c.address },
  ];
}

/**
 * go-playground's validator over each credential: a missing required value is reported; a unique field's value is a
 * duplicate at its second and later use. An empty value is never a duplicate: before releases.fencingMacAddress every
 * unique field is required, and from it the uniqueness check skips zero values (pkg/types/common).
 */
function requiredUniqueErrors(credentials: readonly FencingCredential[], release: Release): FieldError[] {
  const fields = credentialFields(release);
  const seen = new Map(fields.map((field) => [field.name, new Set<string>()]));
  return credentials.flatMap((credential, i) =>
    fields.flatMap((field) => {
      const value = field.value(credential) ?? "";
      const path = `${credentialsPath}[${i}].${field.key}`;
      if (field.required && value === "") return [required(path, `missing ${field.name}`)];
      if (!field.unique || value === "") return [];
      const values = seen.get(field.name)!;
      if (values.has(value)) return [duplicate(path, value)];
      values.add(value);
      return [];
    }),
  );
}

/** Go's url.Parse of a BMC address, its scheme (lower-cased) and port: what a lab's address or a typo can reach. */
function urlParts(address: string): { readonly scheme: string; readonly port: string } {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/([^/?#]*))?/.exec(address);
  const host = (match?.[3] ?? "").replace(/^.*@/, "").replace(/^\[[^\]]*\]/, "");
  return { scheme: match?.[1]?.toLowerCase() ?? "", port: /:(\d*)$/.exec(host)?.[1] ?? "" };
}

/** From releases.fencingRedfishOnly: a Redfish address, with a port unless its scheme implies one. */
function addressErrors(address: string, path: string): FieldError[] {
  if (address === "") return [];
  const parts = urlParts(address);
  const ipmiWords = "fencing only supports redfish-compatible BMC addresses, IPMI is not supported";
  // Every scheme with "http" or "redfish" in it implies its port; the rest need one written.
  const impliesPort = parts.scheme.includes("http") || parts.scheme.includes("redfish");
  return [
    ...(address.includes("redfish") ? [] : [invalidString(path, address, ipmiWords)]),
    ...(parts.port === "" && !impliesPort
      ? [invalidString(path, address, "failed to parse redfish address, no port number found")]
      : []),
  ];
}

/** Each credential's own rules after the required and unique ones, by release. */
function credentialErrors(credential: FencingCredential, i: number, release: Release): FieldError[] {
  const path = `${credentialsPath}[${i}]`;
  const verification: string = credential.certificateVerification ?? "";
  const mac = credential.macAddress ?? "";
  const macError = mac === "" ? undefined : macProblem(mac);
  return [
    ...(releaseHas(release, releases.fencingMacAddress) && (credential.hostName ?? "") === "" && mac === ""
      ? [required(path, "at least one of hostname or macaddress must be provided")]
      : []),
    ...(releaseHas(release, releases.fencingMacAddress) && macError !== undefined
      ? [invalidString(`${path}.macAddress`, mac, macError)]
      : []),
    // The installer's path here is a map key, as field.Path renders Key(): credentials[0][CertificateVerification].
    ...(releaseHas(release, releases.fencingCertificateVerification) &&
    verification !== "" &&
    verification !== "Enabled" &&
    verification !== "Disabled"
      ? [
          invalidString(
            `${path}[CertificateVerification]`,
            verification,
            `invalid certificate verification; "${verification}" should set to one of the following: ['Enabled' (default), 'Disabled']`,
          ),
        ]
      : []),
    ...(releaseHas(release, releases.fencingRedfishOnly)
      ? addressErrors(credential.address ?? "", `${path}.address`)
      : []),
  ];
}

/**
 * validateFencingCredentials: with a fencing section, its credentials' fields, the platform (baremetal, external or
 * none) and each credential's own rules; then, whatever the section, two credentials for two control-plane replicas
 * and none otherwise, unless an arbiter pool with replicas makes it a two-node cluster with an arbiter.
 */
export function fencingErrors(config: InstallConfig, release: Release): FieldError[] {
  if (!releaseHas(release, releases.twoNodeFencing)) return [];
  const fencing = config.controlPlane?.fencing ?? undefined;
  const credentials = fencing?.credentials ?? [];
  const platform = platformName(config);
  return [
    ...(fencing === undefined
      ? []
      : [
          ...requiredUniqueErrors(credentials, release),
          ...(["baremetal", "external", "none"].includes(platform)
            ? []
            : [
                forbidden(
                  fencingPath,
                  `fencing is only supported on baremetal, external or none platforms, instead ${platform} platform was found`,
                ),
              ]),
          ...credentials.flatMap((credential, i) => credentialErrors(credential, i, release)),
        ]),
    ...credentialsNumberErrors(config, credentials.length, release),
  ];
}

function credentialsNumberErrors(config: InstallConfig, count: number, release: Release): FieldError[] {
  if ((arbiterPool(config, release)?.replicas ?? 0) > 0) return [];
  if (controlPlaneReplicas(config) === 2)
    return count === 2
      ? []
      : [
          forbidden(
            credentialsPath,
            `there should be exactly two fencing credentials to support the two node cluster, instead ${count} credentials were found`,
          ),
        ];
  return count === 0
    ? []
    : [
        forbidden(
          credentialsPath,
          `there should not be any fencing credentials configured for a non dual replica control plane (Two Nodes Fencing) cluster, instead ${count} credentials were found`,
        ),
      ];
}

/**
 * validateGatedFeatures' share for fencing: a fencing section needs the DualReplica gate. The installer checks it
 * only when the feature set and gates are themselves valid, and names a path of the earlier shape of the feature.
 */
export function fencingGateErrors(config: InstallConfig, release: Release): FieldError[] {
  if (!releaseHas(release, releases.twoNodeFencing)) return [];
  if ((config.controlPlane?.fencing ?? undefined) === undefined || dualReplicaGateEnabled(config, release)) return [];
  return [
    forbidden(
      "platform.none.fencingCredentials",
      "this field is protected by the DualReplica feature gate which must be enabled through either the TechPreviewNoUpgrade or CustomNoUpgrade feature set",
    ),
  ];
}
