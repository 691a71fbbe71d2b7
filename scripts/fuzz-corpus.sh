#!/bin/sh
# Seeds a fuzz corpus.  Draft engine (default): our fixtures and, when
# present, the real drafts in ../shared (each alone and with a submission
# after a NUL byte).  --policy: the hostile battery's payloads, each as a
# selector byte (see tests/fuzz/fuzz_policy.c) and its text.
set -eu
if [ "$1" = "--policy" ]; then
	out=$2
	mkdir -p "$out"
	python3 - "$out" <<'PY'
import os, sys
sys.path.insert(0, "tests/hostile")
import payloads
out = sys.argv[1]
n = 0
for name, sub in payloads.HONEST + payloads.HOSTILE:
    for key, sel in (("block", 0 if sub["section"] == payloads.HEADING else 1), ("body", 2),
                     ("name", 3), ("body", 4), ("body", 5)):
        if key in sub:
            n += 1
            with open(os.path.join(out, "p%03d" % n), "wb") as f:
                f.write(bytes([sel]) + sub[key].encode())
print("fuzz policy corpus: %d inputs" % n)
PY
	exit 0
fi
out=$1
mkdir -p "$out"
n=0
for f in tests/fixtures/*.md ../shared/seeds/*.md ../shared/fixtures/homepage/drafts/*.md; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	cp "$f" "$out/draft-$n"
	{ cat "$f"; printf '\0{"section":"Other Projects","author":"a","add_author":true,"position":{"before":"x"},"block":"### [y](https://y.org)"}'; } > "$out/draft-$n-sub"
done
echo "fuzz corpus: $n drafts"
