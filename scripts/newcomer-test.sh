#!/usr/bin/env bash
# `npm test` as a newcomer runs it, measured: a fresh clone, Terraform present, none of the real tools CI installs
# with apt (cloud-init, Ansible, dhcpd, BIND, libvirt, QEMU, genisoimage, xorriso, dnsmasq, sshd, iproute2, ...),
# no Go and no Go caches, an empty HOME, NODE_EXTRA_CA_CERTS unset, jest's default workers. This machine may have
# all of those tools (other work needs them), so the script hides them rather than asking for another machine:
#   - PATH is one folder of symlinks to every command in /usr/local/sbin, /usr/local/bin, /usr/sbin and /usr/bin,
#     except what the packages in .ci/run's apt list put there, Go, and the commands the tests probe for by name;
#   - HOME is an empty folder (no Go cache, no ~/.terraformrc, no real provider cache); only npm's cache is kept,
#     since the newcomer's own `npm install` filled it and the packed-tarball test installs from it.
# Each run prints its wall time and the load average before and after (the machine is shared), and the counts.
#
#   scripts/newcomer-test.sh [--runs N] [--ref REF] [--results DIR] [--keep] [--show TOOL]... [-- jest arguments]
#   scripts/newcomer-test.sh [--show TOOL]... --exec COMMAND [ARGUMENTS]...
#
# --ref: the commit to clone (default HEAD of this checkout; uncommitted changes are not in a clone).
# --results: where each run's jest JSON, log and timing go (default: a new folder, printed at the end).
# --show: leave this command visible (e.g. --show dhcpd --show named-checkzone --show ip).
# --exec: run one command in the newcomer's environment, in the current folder, without a clone (for profiling).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
runs=1
ref=HEAD
results=""
keep=false
shown=()
exec_command=()
extra=()
while (($# > 0)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --ref) ref=$2; shift 2 ;;
    --results) results=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    --show) shown+=("$2"); shift 2 ;;
    --exec) shift; exec_command=("$@"); break ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

real_home=${HOME:-/root}
npm_cache=${npm_config_cache:-$real_home/.npm}
work=$(mktemp -d "${TMPDIR:-/tmp}/newcomer-XXXXXX")
cleanup() {
  # jest's own cache and the clone are the newcomer's, not ours: all of it goes unless --keep.
  if [ "$keep" = true ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$work/bin" "$work/home" "$work/tmp"

# What the real tools are: every command of the packages .ci/run installs, read from its list so the two agree.
mapfile -t packages < <(sed -n '/^packages=(/,/^)/p' "$repo/.ci/run" | sed '1d;$d' | tr ' ' '\n' | grep -v '^$')
hidden=$(
  {
    for package in "${packages[@]}"; do
      dpkg -L "$package" 2>/dev/null | grep -E '^(/usr)?/s?bin/' | xargs -r -n1 basename
    done
    # The names the tests look for, also where a package is installed from elsewhere (or not through dpkg at all).
    printf '%s\n' cloud-init ansible ansible-playbook dhcpd named-checkzone named-checkconf libvirtd virsh virtlogd \
      virtqemud qemu-system-x86_64 qemu-img mkisofs genisoimage xorriso dnsmasq sshd ip go gofmt tofu
  } | sort -u | grep -vxF -f <(printf '%s\n' "${shown[@]}" ._none_)
)
for dir in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin; do
  for file in "$dir"/*; do
    name=$(basename "$file")
    [ -x "$file" ] && [ ! -d "$file" ] || continue
    grep -qxF "$name" <<<"$hidden" && continue
    # The first folder wins, as it would on PATH.
    [ -e "$work/bin/$name" ] || ln -s "$file" "$work/bin/$name"
  done
done

newcomer_env=(
  env -i
  PATH="$work/bin"
  HOME="$work/home"
  TMPDIR="$work/tmp"
  USER="${USER:-root}"
  LANG="${LANG:-C.UTF-8}"
  TERM="${TERM:-dumb}"
  npm_config_cache="$npm_cache"
  # /usr/local/go/bin/go is found without PATH (test/real-libvirt/prerequisites.ts): point Go elsewhere.
  GO="$work/no-go"
)

if ((${#exec_command[@]} > 0)); then
  status=0
  "${newcomer_env[@]}" "${exec_command[@]}" || status=$?
  exit "$status"
fi

[ -n "$results" ] || results="$work/results"
mkdir -p "$results"
results=$(cd "$results" && pwd)
# Results inside the scratch folder must outlive it.
if [ "$keep" = false ] && [[ "$results" == "$work"/* ]]; then keep=true; fi

echo "hidden commands: $(grep -c . <<<"$hidden") (from ${packages[*]})"
for tool in terraform cloud-init ansible-playbook dhcpd named-checkzone go libvirtd virsh mkisofs ip; do
  printf '  %-18s %s\n' "$tool" "$("${newcomer_env[@]}" sh -c "command -v $tool || echo -")"
done

git clone -q --no-hardlinks "$repo" "$work/clone"
git -C "$work/clone" checkout -q --detach "$ref"
echo "clone of $(git -C "$work/clone" rev-parse --short HEAD) in $work/clone"
(cd "$work/clone" && "${newcomer_env[@]}" npm ci --offline --no-audit --no-fund >/dev/null)

times=()
for ((run = 1; run <= runs; run++)); do
  json="$results/run-$run.json"
  log="$results/run-$run.log"
  before=$(uptime)
  started=$(date +%s%N)
  status=0
  (cd "$work/clone" && "${newcomer_env[@]}" npm test -- --json --outputFile="$json" "${extra[@]}") >"$log" 2>&1 ||
    status=$?
  ms=$((($(date +%s%N) - started) / 1000000))
  after=$(uptime)
  times+=("$ms")
  counts=$(node -e '
    const fs = require("fs");
    if (!fs.existsSync(process.argv[1])) { console.log("no results (see the log)"); process.exit(0); }
    const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
  ' "$json")
  printf 'run %d: %d.%d s, exit %d, %s\n  load before:%s\n  load after: %s\n' "$run" $((ms / 1000)) \
    $((ms % 1000 / 100)) "$status" "$counts" "${before#*load}" "${after#*load}" | tee "$results/run-$run.txt"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
printf 'median of %d: %d.%d s\nresults in %s\n' "$runs" $((median / 1000)) $((median % 1000 / 100)) "$results"
