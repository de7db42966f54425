#!/usr/bin/env bash
# Compares winnow's indicator extractor with ioc-extractor (npm, MIT) on the
# same inputs: throughput per core on the sample corpus and on the 100 MB
# generated corpus, and precision, recall and F1 on winnow's labeled set.
#
#   scripts/bench-ioc-extractor.sh [--diff]
#
# ioc-extractor is installed in a scratch directory under $TMPDIR (never in
# the repository) and removed afterwards; KEEP=1 keeps it. IOC_EXTRACTOR sets
# the npm version (default 8.2.0), ROUNDS how many times each tool is timed
# on each corpus (default 5). --diff also lists what ioc-extractor reports in
# the sample corpus that winnow does not, for a person to judge.
#
# Throughput. Both tools read the same bytes: the sample corpus as raw files
# (HTML with its markup, Markdown with its front matter), one call per file,
# and the generated corpus (BenchmarkFindGenerated100MB writes it with
# -generated-out), one call per document. Both run pinned to one CPU with
# taskset when it is installed: winnow through its compiled benchmarks
# (go test -c; -test.cpu 1 -test.bench), node (single-threaded JavaScript)
# with ioc-extractor's default options, which refang the text and extract all
# of its 18 types. A second ioc-extractor row asks only for the types winnow
# also has (partialExtractIOC), its best case. The node script times the
# tools in turn, round after round, each round at least one second of whole
# passes per tool. The figure per core is MB (10^6 bytes) per second of CPU
# time the process used (MB/cpu-s: BenchmarkFind* report it from
# /proc/self/stat, node from process.cpuUsage, which counts its JIT and
# garbage-collector threads too), the median of the rounds; on a machine
# busy with other work, wall-clock MB/s (also printed) measures the others
# as well.
#
# Quality. `winnow eval indicators --cases` prints every labeled case with
# what winnow found; the node script runs ioc-extractor (default options) on
# each case's text and scores both tools with one function:
#   - Only types both tools have count: ipv4, ipv6, domain, url, email, md5,
#     sha1, sha256, sha512, cve, asn, bitcoin, ethereum, monero. Labels and
#     findings of other types are dropped on both sides.
#   - A finding matches a label when type and value are equal, as in
#     ioc.Evaluate, after folding case where it carries no meaning (domains,
#     e-mail addresses, hashes, Ethereum addresses, URL scheme and host),
#     upper-casing CVE and AS numbers and compressing IPv6 addresses.
#   - Values are sets per case: ioc-extractor reports each value once, so a
#     value written twice counts once for both tools.
#   - ioc-extractor has no dispositions. Rule "found" (the headline): every
#     labeled indicator that is real counts, whatever its disposition (a
#     private address or a benign domain is still an address or a domain);
#     labels with disposition not-ioc (a version number shaped like an
#     address, a detection name shaped like a domain) are traps no tool should
#     report. winnow's findings count unless winnow itself calls them not-ioc.
#     Rule "actionable" (shown below it): only disposition "indicator" counts;
#     winnow's findings count when it calls them indicators, ioc-extractor's
#     all count.
#   - ioc-extractor also reports the host of every URL and the domain of every
#     e-mail address as domains or addresses of their own; winnow does not.
#     And it has no CIDR type, so it reports a block's address alone. A host
#     or address that is part of a URL or e-mail address the same tool found
#     in that case, or the address of a labeled CIDR block, is neither a true
#     nor a false positive unless the labels list it on its own.
# The script checks that the cases it scores reproduce `winnow eval
# indicators --json` exactly before it reports anything.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=${IOC_EXTRACTOR:-8.2.0}
rounds=${ROUNDS:-5}
diff=0
case "${1:-}" in
--diff) diff=1 ;;
"") ;;
*)
	echo "usage: $0 [--diff]" >&2
	exit 2
	;;
esac

for tool in go node npm; do
	command -v "$tool" >/dev/null || {
		echo "$0: $tool is required" >&2
		exit 1
	}
done
pin=()
if command -v taskset >/dev/null; then
	pin=(taskset -c 0)
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/winnow-ioc-extractor.XXXXXX")
if [[ "${KEEP:-0}" != 1 ]]; then
	trap 'rm -rf "$scratch"' EXIT
else
	echo "scratch directory: $scratch" >&2
fi

echo "== installing ioc-extractor@$version in $scratch" >&2
(
	cd "$scratch"
	npm init -y >/dev/null
	npm install --no-audit --no-fund --loglevel=error "ioc-extractor@$version" >/dev/null
)
cp "$repo/scripts/ioc-extractor-bench.mjs" "$scratch/"

echo "== building winnow and the ioc benchmarks" >&2
(
	cd "$repo"
	go build -o "$scratch/winnow" ./cmd/winnow
	go test -c -o "$scratch/ioc.test" ./internal/extract/ioc
)

echo "== scoring winnow on the labeled set" >&2
"$scratch/winnow" eval indicators --json >"$scratch/winnow-eval.json"
"$scratch/winnow" eval indicators --cases >"$scratch/cases.jsonl"

echo "== generating the 100 MB corpus (BenchmarkFindGenerated100MB -generated-out)" >&2
"$scratch/ioc.test" -test.run '^$' -test.bench '^BenchmarkFindGenerated100MB$' -test.benchtime 1x \
	-generated-out "$scratch/generated.txt" >/dev/null

diffargs=()
if [[ $diff == 1 ]]; then
	# The sample articles as labeled cases with no labels, for --cases.
	node -e '
		const fs = require("node:fs"), path = require("node:path")
		const dir = process.argv[1]
		const files = fs.readdirSync(dir, { recursive: true }).sort()
		for (const f of files.filter((f) => fs.statSync(path.join(dir, f)).isFile()))
			console.log(JSON.stringify({ text: fs.readFileSync(path.join(dir, f), "utf8"), want: [], source: f }))
	' "$repo/internal/corpus/articles" | "$scratch/winnow" eval indicators --cases - >"$scratch/sample-cases.jsonl"
	diffargs=(--diff "$scratch/sample-cases.jsonl")
fi

echo "== timing winnow and ioc-extractor in turn, scoring both (node $(node --version), $(go version | cut -d" " -f3))" >&2
cd "$scratch"
"${pin[@]}" node ioc-extractor-bench.mjs \
	--cases "$scratch/cases.jsonl" --winnow-eval "$scratch/winnow-eval.json" \
	--sample "$repo/internal/corpus/articles" --generated "$scratch/generated.txt" \
	--go-test "$scratch/ioc.test" --rounds "$rounds" "${diffargs[@]}"
