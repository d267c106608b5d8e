// The loader the output tests rely on is the seed's, strict as it is: a map output's text form breaks it.
import { whenFound } from "../skip";
import { ansibleAvailable, loadLikeTheSeed } from "../ansible-loader";

const { test: testWithAnsible } = whenFound("ansible-playbook", await ansibleAvailable());

testWithAnsible("a map output, as `terraform output` prints it, stops the seed's include_vars", async () => {
  const text = [
    'api_vip = "192.168.30.100"',
    "node_macs = {",
    '  "bmipi-master0" = tolist([',
    '    "52:54:00:74:dc:a0",',
    "  ])",
    '  "bmipi-master1" = tolist([',
    '    "52:54:00:74:dc:a1",',
    "  ])",
    "}",
    "",
  ].join("\n");
  const broken = await loadLikeTheSeed(text, ["api_vip"]);
  expect(broken.exitCode).not.toBe(0);
  const fine = await loadLikeTheSeed('api_vip = "192.168.30.100"\nworkers = [\n  "a",\n  "b",\n]\n', [
    "api_vip",
    "workers",
  ]);
  expect(fine.loaded).toEqual({ api_vip: "192.168.30.100", workers: ["a", "b"] });
});
