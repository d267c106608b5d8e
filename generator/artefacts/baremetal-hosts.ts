// extra-workers.yaml: the day-2 workers as metal3 BareMetalHost manifests, with a BMC credentials Secret each (and
// a Secret with the bond's nmstate when bonding applies), ready for `oc apply -f` once the cluster is installed.
// The hosts are those install-config.yaml would have listed, from the same inventory: BMC address, boot MAC, boot
// mode and root device. The BMC credentials are placeholders, as in install-config.yaml. Pure.
import { yamlDocument, type YamlValue } from "../syntax/yaml";
import type { BaremetalHost } from "../installer/install-config-types";
import {
  bondConfig,
  certificateSetting,
  hostEssentials,
  installerHost,
  placeholder,
  placeholders,
  placementNotes,
} from "./install-config";
import { clusterNodesOf, type Inventory, type InventoryNode } from "./inventory";
import type { Release } from "../releases";

/** Where the installer's own BareMetalHosts live, and so where the baremetal-operator looks for new ones. */
const machineApiNamespace = "openshift-machine-api";

const dayTwoNodesOf = (inventory: Inventory): InventoryNode[] => clusterNodesOf(inventory).filter((n) => n.day_two);

const metadata = (name: string) => ({ name, namespace: machineApiNamespace });
const credentialsSecretName = (node: InventoryNode) => `${node.name}-bmc-secret`;
const networkSecretName = (node: InventoryNode) => `${node.name}-network-config-secret`;
const secret = (name: string, stringData: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: metadata(name),
  type: "Opaque",
  stringData,
});

/** The manifests of one day-2 worker, in the order oc applies them: Secrets before the host that names them. */
function manifests(inventory: Inventory, node: InventoryNode, release: Release, verifyCertificate: boolean) {
  const essentials = hostEssentials(node, release);
  const credentials = secret(credentialsSecretName(node), {
    username: placeholder(placeholders.bmcUsername),
    password: placeholder(placeholders.bmcPassword),
  });
  // The nmstate a bonded node needs before it is provisioned; the installer's hosts get it as networkConfig.
  const network = inventory.cluster.bonding
    ? [
        secret(networkSecretName(node), {
          nmstate: yamlDocument(bondConfig(inventory, node) as unknown as YamlValue),
        }),
      ]
    : [];
  const host = {
    apiVersion: "metal3.io/v1alpha1",
    kind: "BareMetalHost",
    metadata: metadata(node.name),
    spec: {
      online: true,
      bootMACAddress: essentials.bootMACAddress,
      bootMode: essentials.bootMode,
      bmc: {
        address: node.bmc!.address,
        credentialsName: credentialsSecretName(node),
        ...certificateSetting(inventory, verifyCertificate),
      },
      rootDeviceHints: essentials.rootDeviceHints,
      ...(network.length ? { preprovisioningNetworkDataName: networkSecretName(node) } : {}),
    },
  };
  return [credentials, ...network, host];
}

/** The day-2 workers as the installer's hosts, so that the installer's rules can check them with the others. */
export const dayTwoHosts = (inventory: Inventory, release: Release, verifyCertificate: boolean): BaremetalHost[] =>
  dayTwoNodesOf(inventory).map((node) => installerHost(inventory, node, release, verifyCertificate));

export function serializeBaremetalHosts(
  inventory: Inventory,
  release: Release,
  verifyCertificate: boolean,
  header: string,
): string {
  const singleQuoted = new Set([placeholders.bmcUsername, placeholders.bmcPassword].map(placeholder));
  const notes = placementNotes(inventory);
  // Each worker's note heads its first document, the Secrets and the host that follow being that worker's.
  const documents = dayTwoNodesOf(inventory).flatMap((node) =>
    manifests(inventory, node, release, verifyCertificate).map((doc, i) => {
      const note = i === 0 ? notes.get(node.name) : undefined;
      return `---\n${note === undefined ? "" : `# ${note}\n`}${yamlDocument(doc as YamlValue, { singleQuoted })}`;
    }),
  );
  return header + documents.join("");
}
