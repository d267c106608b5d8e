// BMC addresses as metal3's bmc package reads them, as the installer vendors it: the driver of each scheme, what
// the driver can do, and metal3's words for an address it cannot read. Pure.
import { parseIp } from "../model/ip";

interface Driver {
  /** The name the installer's messages use, which is not always the address scheme. */
  readonly name: string;
  readonly secureBoot: boolean;
  readonly needsProvisioningNetwork: boolean;
}

function driverTable(): ReadonlyMap<string, Driver> {
  const entries: [string, readonly string[], Driver][] = [
    ["ipmi", [], { name: "ipmi", secureBoot: false, needsProvisioningNetwork: true }],
    ["libvirt", [], { name: "ipmi", secureBoot: false, needsProvisioningNetwork: true }],
    ["irmc", [], { name: "irmc", secureBoot: true, needsProvisioningNetwork: true }],
    ["ibmc", ["http", "https"], { name: "ibmc", secureBoot: false, needsProvisioningNetwork: true }],
    ["idrac", ["http", "https"], { name: "idrac", secureBoot: false, needsProvisioningNetwork: true }],
    ["idrac-redfish", ["http", "https"], { name: "idrac", secureBoot: true, needsProvisioningNetwork: true }],
    ["idrac-virtualmedia", ["http", "https"], { name: "idrac", secureBoot: true, needsProvisioningNetwork: false }],
    ["ilo4", ["https"], { name: "ilo", secureBoot: true, needsProvisioningNetwork: true }],
    ["ilo4-virtualmedia", ["https"], { name: "ilo", secureBoot: true, needsProvisioningNetwork: false }],
    ["ilo5", ["https"], { name: "ilo5", secureBoot: true, needsProvisioningNetwork: true }],
    ["ilo5-redfish", ["http", "https"], { name: "redfish", secureBoot: true, needsProvisioningNetwork: true }],
    ["ilo5-virtualmedia", ["http", "https"], { name: "redfish", secureBoot: true, needsProvisioningNetwork: false }],
    ["redfish", ["http", "https"], { name: "redfish", secureBoot: true, needsProvisioningNetwork: true }],
    ["redfish-virtualmedia", ["http", "https"], { name: "redfish", secureBoot: true, needsProvisioningNetwork: false }],
  ];
  return new Map(
    entries.flatMap(([scheme, transports, driver]) => [
      [scheme, driver] as const,
      ...transports.map((t) => [`${scheme}+${t}`, driver] as const),
    ]),
  );
}

const drivers = driverTable();

/** Scheme and hostname of a BMC address, read as metal3 reads it: no scheme means IPMI. */
function splitBmcAddress(address: string): { scheme: string; hostname: string } | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(address)?.[1];
  if (scheme === undefined) {
    // A bare host, or host:port: metal3 takes it as an IPMI address.
    const hostPort = /^(\[[^\]]*\]|[^:/?#]*)(?::[0-9]*)?$/.exec(address);
    if (address.includes(":") && hostPort === null) return undefined;
    const host = hostPort?.[1] ?? address.split("/")[0]!;
    return { scheme: "ipmi", hostname: host.replace(/^\[|\]$/g, "") };
  }
  // "ipmi:host" (no //) is read as "ipmi://host".
  const rest = address.slice(scheme.length + 1).replace(/^\/\//, "");
  const authority = rest.split(/[/?#]/)[0]!;
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  const hostname = hostPort.startsWith("[") ? hostPort.slice(1, hostPort.indexOf("]")) : hostPort.split(":")[0]!;
  return { scheme: scheme.toLowerCase(), hostname };
}

const dnsHostname =
  /^(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9])\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9])$/;

/** metal3's NewAccessDetails: the driver of an address, or its error as metal3 words it. */
export function bmcDriver(address: string): { readonly driver: Driver } | { readonly error: string } {
  if (address === "") return { error: "missing BMC address" };
  const parts = splitBmcAddress(address);
  if (parts === undefined) return { error: "failed to parse BMC address information" };
  if (parts.hostname !== "" && parseIp(parts.hostname) === undefined && !dnsHostname.test(parts.hostname)) {
    return {
      error: `failed to parse BMC address information: BMC address hostname/IP : [${parts.hostname}] is invalid`,
    };
  }
  const driver = drivers.get(parts.scheme);
  return driver ? { driver } : { error: `Unknown BMC type '${parts.scheme}' for address ${address}` };
}
