// The bridges: our rule in place of the installer's, which looks them up on the host it runs on. Pure.
import type { BaremetalPlatform } from "./install-config-types";
import { goQuote, invalidString, type FieldError } from "./errors";
import { platformPath } from "./paths";

/** The provision VM's bridges, as its cloud-init names them: the installer checks its bridges there. */
export const provisionVmBridges = { external: "chucky", provisioning: "provision" } as const;

/**
 * The installer looks the bridges up among the interfaces of the host it runs on. Here that is always the provision
 * VM, whose cloud-init names its bridges chucky and provision, so only those names can pass; and each bridge must be
 * the one for its network, which the installer cannot know but the lab does.
 */
export function bridgeErrors(p: BaremetalPlatform): FieldError[] {
  const why = (field: string, want: string) =>
    `${field} is looked up on the provision VM, whose bridges are ${provisionVmBridges.external} (external) and ` +
    `${provisionVmBridges.provisioning} (provisioning); it must be ${goQuote(want)}`;
  const external = p.externalBridge ?? "";
  const provisioningBridge = p.provisioningBridge ?? "";
  return [
    ...(external === provisionVmBridges.external
      ? []
      : [
          invalidString(`${platformPath}.externalBridge`, external, why("externalBridge", provisionVmBridges.external)),
        ]),
    ...(p.provisioningNetwork === "Disabled" || provisioningBridge === provisionVmBridges.provisioning
      ? []
      : [
          invalidString(
            `${platformPath}.provisioningBridge`,
            provisioningBridge,
            why("provisioningBridge", provisionVmBridges.provisioning),
          ),
        ]),
  ];
}
