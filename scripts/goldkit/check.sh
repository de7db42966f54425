#!/bin/bash
# check.sh FILE: validates a gold set (format, sentence indexes, every role
# text found in the sentence or before it, unique ids). Prints "ok" with
# counts, or the problem; never what the extractor finds. WINNOW names the
# winnow binary to use (build it once: go build -o /tmp/winnow ./cmd/winnow).
f="$1"
bin="${WINNOW:-/tmp/winnow}"
out=$("$bin" eval claims --gold "$f" 2>&1 >/dev/null)
if [ $? -ne 0 ]; then echo "PROBLEM: $out"; exit 1; fi
python3 - "$f" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
ids = [x['id'] for x in a]
if len(ids) != len(set(ids)):
    sys.exit("PROBLEM: duplicate ids")
print("ok: %d articles, %d claims" % (len(a), sum(len(x['claims']) for x in a)))
PY
