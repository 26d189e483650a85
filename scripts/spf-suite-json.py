#!/usr/bin/env python3
"""Converts the RFC 7208 SPF test suite (YAML, several documents) into one
JSON file the Swift tests read without a YAML parser. Run after updating the
YAML: python3 scripts/spf-suite-json.py (needs PyYAML)."""
import json
import pathlib

import yaml

here = pathlib.Path(__file__).resolve().parents[1] / "Tests/MoxSPFTests/testdata"
docs = [d for d in yaml.safe_load_all((here / "rfc7208-tests.yml").read_text()) if d]
out = []
for d in docs:
    tests = []
    for name, t in d["tests"].items():
        res = t["result"]
        tests.append({
            "name": name,
            "helo": str(t.get("helo", "")),
            "host": str(t["host"]),
            "mailfrom": str(t.get("mailfrom", "")),
            "results": res if isinstance(res, list) else [res],
            "explanation": t.get("explanation"),
        })
    zone = {}
    for name, records in d.get("zonedata", {}).items():
        rrs = []
        for r in records:
            if r == "TIMEOUT":
                rrs.append({"type": "TIMEOUT"})
                continue
            (typ, val), = r.items()
            if val == "NONE":
                rrs.append({"type": typ, "none": True})
            elif typ in ("TXT", "SPF"):
                rrs.append({"type": typ, "strings": val if isinstance(val, list) else [val]})
            elif typ == "MX":
                rrs.append({"type": typ, "preference": val[0], "host": val[1]})
            else:
                rrs.append({"type": typ, "value": str(val)})
        zone[name] = rrs
    out.append({"description": d["description"], "tests": tests, "zonedata": zone})
(here / "rfc7208-tests.json").write_text(json.dumps(out, indent=1, ensure_ascii=True) + "\n")
print(f"{sum(len(d['tests']) for d in out)} tests in {len(out)} sections")
