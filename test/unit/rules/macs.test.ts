// The MAC rules, one table each: given MAC bases and a worker count, want the rule's findings over the model.
import { macNotZeroRule, macUniqueRule } from "../../../generator/rules/macs";
import { clusterOf, expectFindings, table } from "./rule-table";

describe(macUniqueRule.id, () => {
  test.each(
    table([
      [{}, []],
      // Worker 112's chucky MAC would be master 0's (…:6d:70); 112 workers end just below it.
      [{ number_of_workers: 112 }, []],
      [{ number_of_workers: 0, master_chucky_mac_base: "52:54:00:a9:6d:0" }, []],
      [
        { number_of_workers: 1, master_chucky_mac_base: "52:54:00:a9:6d:0" },
        [
          [
            "error",
            "worker_chucky_mac_base",
            "MAC 52:54:00:a9:6d:00 of bmipi-worker0 chucky NIC on chucky is also the MAC of bmipi-master0 chucky NIC",
            "choose worker_chucky_mac_base and master_chucky_mac_base",
          ],
        ],
      ],
      [
        { provision_mac: "52:54:00:74:dc:a1" },
        [
          [
            "error",
            "master_provision_mac_base",
            "of bmipi-master1 provisioning NIC on provision is also the MAC of provision",
          ],
        ],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(macUniqueRule.check(clusterOf(given)), want);
  });
});

describe(macNotZeroRule.id, () => {
  test.each(
    table([
      [{}, []],
      [{ master_provision_mac_base: "00:00:00:00:00:1" }, []],
      // No workers, so the zero worker base gives no NIC a MAC.
      [{ number_of_workers: 0, worker_chucky_mac_base: "00:00:00:00:00:" }, []],
      [
        { master_provision_mac_base: "00:00:00:00:00:0" },
        [["error", "master_provision_mac_base", "gives bmipi-master0 provisioning NIC on provision the all-zero MAC"]],
      ],
    ]),
  )("%s", (_title, given, want) => {
    expectFindings(macNotZeroRule.check(clusterOf(given)), want);
  });
});
