// The cluster report's steps for bmc.ca_file: the openssl commands that make a CA and the Redfish emulator's server
// certificate signed by it, for the host the BMC addresses name (IP: or DNS: in its subjectAltName, as the host is),
// and where sushy-tools takes the certificate and its key. The keys stay where the commands run: gen-infra never
// makes or reads one. Pure.
import { formats } from "../input/formats";
import type { Spec } from "../input/spec";
import { shellWord } from "../syntax/shell";
import { clusterNodesOf, type Inventory } from "./inventory";

/** What the commands write, in the folder they run in. */
export const redfishCaFiles = {
  caKey: "bmc-ca.key",
  caCertificate: "bmc-ca.pem",
  serverKey: "sushy.key",
  serverCertificate: "sushy.crt",
  serverRequest: "sushy.csr",
  extensions: "sushy.ext",
} as const;

export interface RedfishCaSteps {
  readonly caFile: string;
  /** The host of the BMC addresses, as the certificate must name it. */
  readonly host: string;
  readonly subjectAltName: string;
  readonly commands: readonly string[];
}

/** The host of a BMC address (redfish-virtualmedia://192.168.30.1:8080/…), without an IPv6 address's brackets. */
const hostOf = (address: string): string =>
  new URL(address.replace(/^[^:]+:/, "https:")).hostname.replace(/^\[(.*)\]$/, "$1");

export function redfishCaSteps(inventory: Inventory, spec: Spec): RedfishCaSteps | undefined {
  const caFile = spec.bmc.ca_file;
  const address = clusterNodesOf(inventory).find((node) => node.bmc)?.bmc?.address;
  if (caFile === undefined || address === undefined) return undefined;
  const host = hostOf(address);
  // A BMC address's host is an IPv4 address, an IPv6 one (the only kind with colons) or a DNS name.
  const isAddress = new RegExp(formats.ipv4.pattern).test(host) || host.includes(":");
  const subjectAltName = `${isAddress ? "IP" : "DNS"}:${host}`;
  const f = redfishCaFiles;
  const extensions = [
    `subjectAltName=${subjectAltName}`,
    "basicConstraints=critical,CA:FALSE",
    "keyUsage=critical,digitalSignature,keyEncipherment",
    "extendedKeyUsage=serverAuth",
  ];
  return {
    caFile,
    host,
    subjectAltName,
    commands: [
      `openssl req -x509 -new -newkey rsa:3072 -nodes -sha256 -days 3650 -subj ${shellWord("/CN=Redfish emulator CA")} -addext ${shellWord("basicConstraints=critical,CA:TRUE")} -addext ${shellWord("keyUsage=critical,keyCertSign,cRLSign")} -keyout ${f.caKey} -out ${f.caCertificate}`,
      `openssl req -new -newkey rsa:3072 -nodes -sha256 -subj ${shellWord(`/CN=${host}`)} -keyout ${f.serverKey} -out ${f.serverRequest}`,
      `printf '%s\\n' ${extensions.map(shellWord).join(" ")} > ${f.extensions}`,
      `openssl x509 -req -sha256 -days 825 -in ${f.serverRequest} -CA ${f.caCertificate} -CAkey ${f.caKey} -CAcreateserial -extfile ${f.extensions} -out ${f.serverCertificate}`,
      `openssl verify -CAfile ${f.caCertificate} ${f.serverCertificate}`,
    ],
  };
}
