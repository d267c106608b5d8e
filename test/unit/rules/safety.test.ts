// The safe defaults: given a spec that opts out of one, want the rule's warning; given the defaults, or an opt-out
// that exposes nothing, none.
import { hostKeyRule, plainTransportRule, vncExposureRule } from "../../../generator/rules/safety";
import { clusterOf, expectFindings, table } from "./rule-table";

describe(vncExposureRule.id, () => {
  test.each(
    table([
      [{}, []],
      [{ vnc_listen_address: "127.0.0.1" }, []],
      [
        { vnc_listen_address: "192.168.30.5" },
        [["warning", "vnc_listen_address", "exposes every VM's console, without a password"]],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(vncExposureRule.check(clusterOf(given)), want);
  });
});

describe(hostKeyRule.id, () => {
  test.each(
    table([
      // remote_state does not verify by default; an explicit ssh URI does; a local URI has no host key.
      [{}, [["warning", "connection.verify_host_key", "will not verify the hypervisor's ssh host key", "ssh-keyscan"]]],
      [{ connection: { mode: "remote_state", verify_host_key: true } }, []],
      [{ connection: { mode: "uri", uri: "qemu+ssh://root@kvm/system" } }, []],
      [
        {
          hypervisors: [
            {
              name: "kvm1",
              connection: { mode: "uri", uri: "qemu+ssh://root@kvm1/system" },
              underlay_address: "198.51.100.1",
            },
            { name: "kvm2", connection: { mode: "remote_state" }, underlay_address: "198.51.100.2" },
          ],
        },
        [["warning", "hypervisors[1].connection.verify_host_key", "will not verify"]],
      ],
      [{ connection: { mode: "uri", uri: "qemu:///system", verify_host_key: false } }, []],
      [
        { connection: { mode: "uri", uri: "qemu+ssh://root@kvm/system", verify_host_key: false } },
        [["warning", "connection.verify_host_key", "will not verify the hypervisor's ssh host key"]],
      ],
      // Said once, of the URI, which is where verification was turned off.
      [
        {
          connection: {
            mode: "uri",
            uri: "qemu+ssh://root@kvm/system?known_hosts_verify=ignore",
            verify_host_key: false,
          },
        },
        [["warning", "connection.uri", "turns host-key verification off (known_hosts_verify=ignore)"]],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(hostKeyRule.check(clusterOf(given)), want);
  });
});

describe(plainTransportRule.id, () => {
  test.each(
    table([
      [{}, []],
      [{ connection: { mode: "uri", uri: "qemu+tls://kvm/system" } }, []],
      [
        { connection: { mode: "uri", uri: "qemu+tcp://10.0.0.1/system" } },
        [["warning", "connection.uri", "uses libvirt's TCP transport", "qemu+ssh://"]],
      ],
      // Each hypervisor's connection, where the spec lists several.
      [
        {
          hypervisors: [
            { name: "kvm1", connection: { mode: "uri", uri: "qemu:///system" }, underlay_address: "198.51.100.1" },
            {
              name: "kvm2",
              connection: { mode: "uri", uri: "qemu+tcp://kvm2/system" },
              underlay_address: "198.51.100.2",
            },
          ],
        },
        [["warning", "hypervisors[1].connection.uri", "uses libvirt's TCP transport"]],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(plainTransportRule.check(clusterOf(given)), want);
  });
});
