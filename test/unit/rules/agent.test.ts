// The agent-based installer: given a spec, want the two rules' findings: the IPI keys refused only where the spec
// gives them, single-node OpenShift only as the agent installer builds it, a master as the rendezvous host, and the
// node options the agent lab does not build.
import { agentKeysRule, agentRule } from "../../../generator/rules/agent";
import { validate } from "../../../generator/input/validate";
import { expectFindings, specOf, table, type Given } from "./rule-table";

const agent = { installer: "agent", ocp_version: "4.18.4" } as const;

function givenSpec(given: Given) {
  const result = validate(given);
  if (!result.ok) throw new Error(`the row's spec is refused by the schema: ${JSON.stringify(result.findings)}`);
  return { spec: result.spec, given: result.given };
}

describe(agentKeysRule.id, () => {
  test.each(
    table<Given>([
      [{}, []],
      [agent, []],
      // The defaults of the IPI keys are no finding: only what the spec names.
      [{ ...agent, number_of_workers: 2, rhel8_image_location: "rhel9.qcow2" }, []],
      [{ architecture: "redfish", provision_mac: "52:54:00:9d:41:3d" }, []],
      [
        { ...agent, provisioning_network: "Managed", provision_mac: "52:54:00:9d:41:3c" },
        [
          [
            "error",
            "provisioning_network",
            "means nothing with installer agent: the agent-based installer's lab has no provisioning network",
            "leave provisioning_network out",
          ],
          ["error", "provision_mac", "has no provision VM", 'use installer "ipi"'],
        ],
      ],
      [
        {
          ...agent,
          architecture: "redfish",
          bmc: { redfish_port: 8000 },
          master_provision_mac_base: "52:54:00:74:dc:b",
        },
        [
          ["error", "architecture", "drives no BMC"],
          ["error", "bmc", "drives no BMC"],
          ["error", "master_provision_mac_base", "no provisioning network"],
        ],
      ],
      [{ agent: { platform: "none" } }, [["error", "agent", "but installer is not agent", 'set installer to "agent"']]],
      [{ installer: "ipi", agent: {} }, [["error", "agent", "but installer is not agent"]]],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(agentKeysRule.check(givenSpec(given)), want);
  });
});

describe(agentRule.id, () => {
  test.each(
    table<Given>([
      [{}, []],
      [agent, []],
      [{ ...agent, number_of_workers: 0, number_of_masters: 3, agent: { rendezvous_host: "master2" } }, []],
      [{ ...agent, number_of_masters: 1, number_of_workers: 0, agent: { platform: "none" } }, []],
      [{ ...agent, firmware: "uefi", bonding_nic: true, ip_stack: "v4v6", disks: { master: { os_gib: 200 } } }, []],
      [
        { number_of_masters: 1, number_of_workers: 0 },
        [["error", "number_of_masters", "only with the agent-based installer", 'set installer to "agent"']],
      ],
      [
        { ...agent, number_of_masters: 1 },
        [
          ["error", "number_of_workers", "must be 0 with number_of_masters 1"],
          ["error", "agent.platform", "must be none with number_of_masters 1", 'set agent.platform to "none"'],
        ],
      ],
      [
        {
          ...agent,
          number_of_masters: 1,
          number_of_workers: 0,
          agent: { platform: "none", rendezvous_host: "master1" },
        },
        [["error", "agent.rendezvous_host", "must be one of this cluster's masters (master0 to master0)"]],
      ],
      [
        { ...agent, agent: { rendezvous_host: "worker0" } },
        [
          [
            "error",
            "agent.rendezvous_host",
            "the installer refuses a worker's address as rendezvousIP",
            "name a master",
          ],
        ],
      ],
      [{ ...agent, agent: { rendezvous_host: "arbiter0" } }, [["error", "agent.rendezvous_host", "must be one of"]]],
      [
        { ...agent, firmware: "bios", extra_workers: 1 },
        [
          ["error", "firmware", "ignores any boot mode but UEFI", 'set it to "uefi"'],
          ["error", "extra_workers", "oc adm node-image create", "raise number_of_workers"],
        ],
      ],
      [
        { ...agent, ocp_version: "4.19.2", arbiter: {} },
        [
          [
            "error",
            "arbiter",
            "takes the host role arbiter in agent-config.yaml from OpenShift 4.20",
            "set ocp_version to 4.20",
          ],
        ],
      ],
      [{ ...agent, ocp_version: "4.20.0", arbiter: {}, number_of_workers: 0 }, []],
      [
        { ...agent, ocp_version: "4.22.1", os_image_stream: "rhel-10" },
        [["error", "os_image_stream", "checks the field and then ignores it", "set ocp_version to 5.0"]],
      ],
      [{ ...agent, ocp_version: "5.0.1", os_image_stream: "rhel-9" }, []],
      // Before 4.22 the field is unknown: feature-version's to say.
      [{ ...agent, ocp_version: "4.21.3", os_image_stream: "rhel-9" }, []],
      [{ ocp_version: "4.22.1", os_image_stream: "rhel-10" }, []],
      [
        { ...agent, ip_stack: "v4v6", agent: { platform: "none" }, api_vip_v6: "fd00:30::64" },
        [["error", "api_vip_v6", "agent.platform none has none"]],
      ],
      [
        { ...agent, ip_stack: "v6v4", agent: { platform: "none" } },
        [["error", "ip_stack", "not on agent.platform none", 'use ip_stack "v4v6"']],
      ],
      [{ ...agent, ip_stack: "v6v4" }, []],
      // The IPI lab keeps its firmware, day-2 workers and arbiter.
      [{ firmware: "bios", extra_workers: 1 }, []],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(agentRule.check(specOf(given)), want);
  });
});
