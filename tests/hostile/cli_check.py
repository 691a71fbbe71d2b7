"""Quick look: every payload through `newsdesk draft apply` and the oracle
(the same engine as the service; the battery proper goes through HTTP)."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import oracle  # noqa: E402
import payloads  # noqa: E402

root = os.path.join(os.path.dirname(__file__), "..", "..")
binary = os.environ.get("NEWSDESK_BIN", os.path.join(root, "build", "newsdesk"))
draft = os.path.join(root, "tests", "fixtures", "draft-modern.md")
before = open(draft).read()
bad = 0
for honest, (name, sub) in [(True, p) for p in payloads.HONEST] + [(False, p) for p in payloads.HOSTILE]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(sub, f)
    r = subprocess.run([binary, "draft", "apply", draft, f.name], capture_output=True, timeout=30)
    os.unlink(f.name)
    shape = "list" if sub["section"] == payloads.LIST else "heading"
    if r.returncode != 0:
        verdict = "refused: " + r.stderr.decode().strip()
        if honest:
            bad += 1
            verdict = "FAIL honest " + verdict
    else:
        problems = oracle.judge(before, r.stdout.decode(), shape)
        verdict = "accepted" if not problems else "FAIL " + "; ".join(problems)
        bad += bool(problems)
    print("%-28s %s" % (name, verdict))
print("%d bad" % bad)
