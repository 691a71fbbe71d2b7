#!/bin/sh
# Seeds the fuzz corpus with our fixtures and, when present, the real drafts
# in ../shared (each alone and with a submission after a NUL byte).
set -eu
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
