"""The gate of `make conformance`: at most 5 % of the reference's passes failed, no answer of 500.

Usage: conformance-gate.py RESULTS.tsv REFERENCE.tsv DIFFERS.tsv EMULATOR.log
"""
import re
import sys

GOAL = 5.0
# RGW's own extensions, as the suite's compare.py leaves them out.
RGW_ONLY = ("test_account_usage", "test_head_bucket_usage", "test_bucket_list_unordered",
            "test_bucket_listv2_unordered", "test_bucket_create_naming_good_contains_tenant",
            "test_bucket_head_extended", "test_bucket_create_exists_nonowner",
            "test_bucket_get_location")


def load(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and not line.startswith("#"):
                out[parts[0].split("::")[-1]] = (parts[1], parts[2] if len(parts) > 2 else "")
    return out


results, reference, differs = (load(p) for p in sys.argv[1:4])
target = [n for n, (o, _) in reference.items()
          if o == "passed" and not n.startswith(RGW_ONLY) and n not in differs]
ran = [n for n in target if n in results]
failing = sorted(n for n in ran if results[n][0] != "passed")
short = 100.0 * len(failing) / max(1, len(ran))
with open(sys.argv[4], encoding="utf-8", errors="replace") as log:
    errors = sum(1 for line in log if re.search(r"WARN .* failed$", line.rstrip()))
errors += sum(1 for _, e in results.values() if "InternalError" in e or "(500)" in e)
for n in failing:
    print("%s\t%s" % (n, results[n][1][:160]))
print("conformance: %d of %d reference passes fail (%.1f %%, goal <= %.0f %%; %d RustFS differences "
      "not counted); %d answers of 500" % (len(failing), len(ran), short, GOAL, len(differs), errors))
sys.exit(0 if short <= GOAL and errors == 0 else 1)
