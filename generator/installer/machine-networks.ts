// The machine networks as the VIP and provisioning rules hold addresses against them, in the installer's words. Pure.
import { contains, formatNetwork, parseIp, type IpNetwork } from "../model/ip";

export const inAnyNetwork = (networks: readonly IpNetwork[], text: string | undefined): boolean => {
  const ip = text === undefined ? undefined : parseIp(text);
  return ip !== undefined && networks.some((network) => contains(network, ip));
};

export const machineNetworksDetail = (networks: readonly IpNetwork[]) =>
  `IP expected to be in one of the machine networks: ${networks.map(formatNetwork).join(",")}`;
