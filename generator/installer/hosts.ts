// The hosts' own rules: required and unique fields, the boot mode against the BMC's driver, the name, the root
// device hint. Pure.
import type { BaremetalHost } from "./install-config-types";
import { releaseHas, releases, type Release } from "../releases";
import { duplicate, invalidString, notSupported, required, type FieldError } from "./errors";
import { hostsPath, platformPath } from "./paths";
import { bmcDriver } from "./bmc";

interface HostField {
  /** The Go field, which the message names, and the path too before 4.19. */
  readonly name: string;
  /** The YAML key, which the path names from 4.19. */
  readonly key: string;
  readonly unique: boolean;
  readonly value: (h: BaremetalHost) => string | undefined;
}

/**
 * Required and unique fields, as the installer's struct tags have them: a missing value is reported and not
 * counted, a repeat is reported at its second and later hosts; values compare exactly, case included. This list's
 * path is "hosts" in every release, under the platform's (base), which the agent-based installer named otherwise
 * before 4.19.
 */
export function requiredUniqueErrors(
  hosts: readonly BaremetalHost[],
  fields: readonly HostField[],
  release: Release,
  base = platformPath,
): FieldError[] {
  const seen = new Map(fields.map((field) => [field.name, new Set<string>()]));
  const yamlKeys = releaseHas(release, releases.yamlKeyPaths);
  // Paths are built only for an error: a valid config of many hosts makes none.
  const pathOf = (i: number, field: HostField) => `${base}.hosts[${i}].${yamlKeys ? field.key : field.name}`;
  const errors: FieldError[] = [];
  hosts.forEach((host, i) => {
    for (const field of fields) {
      const value = field.value(host) ?? "";
      if (value === "") {
        errors.push(required(pathOf(i, field), `missing ${field.name.split(".").pop()!}`));
        continue;
      }
      if (!field.unique) continue;
      const values = seen.get(field.name)!;
      if (values.has(value)) errors.push(duplicate(pathOf(i, field), value));
      else values.add(value);
    }
  });
  return errors;
}

export const hostFields: readonly HostField[] = [
  { name: "Name", key: "name", unique: true, value: (h) => h.name },
  { name: "BootMACAddress", key: "bootMACAddress", unique: true, value: (h) => h.bootMACAddress },
];

export const bmcFields: readonly HostField[] = [
  { name: "BMC.Username", key: "bmc.username", unique: false, value: (h) => h.bmc?.username },
  { name: "BMC.Password", key: "bmc.password", unique: false, value: (h) => h.bmc?.password },
  { name: "BMC.Address", key: "bmc.address", unique: true, value: (h) => h.bmc?.address },
];

const bootModes = ["UEFI", "UEFISecureBoot", "legacy"] as const;

export function bootModeErrors(hosts: readonly BaremetalHost[], release: Release): FieldError[] {
  return hosts.flatMap((host, i) => {
    const mode: string = host.bootMode ?? "";
    const path = `${hostsPath(i, release)}.bootMode`;
    if (mode === "" || mode === "UEFI" || mode === "legacy") return [];
    if (mode !== "UEFISecureBoot") return [notSupported(path, mode, bootModes)];
    if (!releaseHas(release, releases.secureBootNeedsDriver)) return [];
    // An address metal3 cannot read is reported elsewhere, not here.
    const access = bmcDriver(host.bmc?.address ?? "");
    return "driver" in access && !access.driver.secureBoot
      ? [invalidString(path, mode, `driver ${access.driver.name} does not support UEFI secure boot`)]
      : [];
  });
}

const dns1123Label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const dns1123Subdomain = `${dns1123Label}(\\.${dns1123Label})*`;
const dns1123SubdomainRegexp = new RegExp(`^${dns1123Subdomain}$`);

/** k8s IsDNS1123Subdomain's messages, joined as the installer joins them. */
export function dns1123SubdomainProblems(value: string): string[] {
  return [
    ...(value.length > 253 ? ["must be no more than 253 characters"] : []),
    ...(dns1123SubdomainRegexp.test(value)
      ? []
      : [
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must " +
            `start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${dns1123Subdomain}')`,
        ]),
  ];
}

export function hostNameErrors(hosts: readonly BaremetalHost[], release: Release): FieldError[] {
  return hosts.flatMap((host, i) => {
    const name = host.name ?? "";
    const problems = dns1123SubdomainProblems(name);
    return problems.length === 0 ? [] : [invalidString(`${hostsPath(i, release)}.name`, name, problems.join("\n"))];
  });
}

export function rootDeviceHintErrors(hosts: readonly BaremetalHost[], release: Release): FieldError[] {
  return hosts.flatMap((host, i) =>
    deviceNameErrors(`${hostsPath(i, release)}.rootDeviceHints.deviceName`, host.rootDeviceHints?.deviceName ?? ""),
  );
}

/** ValidateHostRootDeviceHints: a root device hint's deviceName is a /dev/ or /dev/disk/by-path/ path. */
export function deviceNameErrors(path: string, deviceName: string): FieldError[] {
  if (deviceName === "") return [];
  const underDev = deviceName.startsWith("/dev/") ? deviceName.slice("/dev/".length) : undefined;
  const rest = (underDev ?? deviceName).replace(/^disk\/by-path\//, "");
  return [
    ...(underDev === undefined
      ? [invalidString(path, deviceName, "Device Name of root device hint must be a /dev/ path")]
      : []),
    ...(rest.includes("/")
      ? [invalidString(path, deviceName, "Device Name of root device hint must be path in /dev/ or /dev/disk/by-path/")]
      : []),
  ];
}
