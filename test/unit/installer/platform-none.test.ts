// platform none, which the agent-based installer takes: no VIPs, hosts or provisioning network to check, while the
// networking rules run as for any platform, and the arbiter pool is the baremetal platform's alone.
import { hostCountErrors, installerErrors } from "../../../generator/installer";
import type { InstallConfig } from "../../../generator/installer/install-config-types";
import { lines, load } from "./cases";
import { parseRelease } from "../../../generator/releases";

const { platform: _baremetal, ...rest } = load("valid_4_20.yaml");
const none: InstallConfig = { ...rest, platform: { none: {} } };

test("a valid config on platform none: nothing to report, and no hosts to count", () => {
  expect(installerErrors(none, parseRelease("4.20"))).toEqual([]);
  expect(hostCountErrors(none, parseRelease("4.20"))).toEqual([]);
});

test("platform none: the networking rules still run", () => {
  const overlapping = { ...none, networking: { ...none.networking, serviceNetwork: ["192.168.111.0/24"] } };
  expect(lines(installerErrors(overlapping, parseRelease("4.20")))).toEqual([
    'networking.serviceNetwork[0]: Invalid value: "192.168.111.0/24": service network must not overlap with any of the machine networks',
  ]);
});

test("platform none: an arbiter pool is refused, as only baremetal has one", () => {
  const arbiter = { ...none, controlPlane: { name: "master", replicas: 2 }, arbiter: { name: "arbiter", replicas: 1 } };
  expect(lines(installerErrors(arbiter as InstallConfig, parseRelease("4.20")))).toEqual([
    'arbiter.platform: Unsupported value: "none": supported values: "baremetal"',
  ]);
});
