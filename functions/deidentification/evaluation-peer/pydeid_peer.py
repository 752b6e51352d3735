#!/usr/bin/env python3
"""Scores pyDeid (GEMINI-Medicine/pyDeid, MIT, a Python port of PhysioNet's deid.pl) on the generated free-text
corpus with the same rules as FreeTextEvaluation: a gold span is found only when every letter and digit of it lies
inside some finding; Safe Harbor recall leaves clinicians' names out; keep-rate counts word tokens outside gold spans
that no finding touches. A peer figure, to show how hard the corpus is for a published rule-based tool.

Usage (from the repository root):
  build-slot ./mvnw -B -ntp -o -q -pl functions/deidentification -am test -Dtest=CorpusExportTest \
      -Dsurefire.failIfNoSpecifiedTests=false -Ddeid.eval.export.dir=/tmp/deid-eval-notes
  (a checkout of GEMINI-Medicine/pyDeid, MIT, in /tmp/pyDeid; not part of this repository)
  python3 functions/deidentification/evaluation-peer/pydeid_peer.py /tmp/pyDeid/src /tmp/deid-eval-notes

pyDeid's optional imports (tqdm, faker, spacy) are stubbed here, so plain python3 is enough.
"""
import base64
import collections
import json
import pathlib
import re
import sys
import tempfile


def stub_optional_imports():
    root = pathlib.Path(tempfile.mkdtemp(prefix="pydeid-stubs-"))
    for package, files in {
        "tqdm": {"__init__.py": "def tqdm(x=None, *a, **k):\n    return x\n"},
        "faker": {"__init__.py": "class Faker:\n    def __init__(self, *a, **k):\n        pass\n\n"
                                 "    def __getattr__(self, name):\n        return lambda *a, **k: 'X'\n"},
        "spacy": {"__init__.py": "", "language.py": "class Language:\n    pass\n"},
    }.items():
        (root / package).mkdir()
        for name, text in files.items():
            (root / package / name).write_text(text)
    sys.path.insert(0, str(root))


def main(pydeid_src, corpus_dir):
    stub_optional_imports()
    sys.path.insert(0, pydeid_src)
    from pyDeid import deid_string

    corpus = pathlib.Path(corpus_dir)
    gold = {}
    with open(str(corpus) + ".gold.ndjson") as lines:
        for line in lines:
            note = json.loads(line)
            gold[note["documentReference"]] = note["spans"]
    found, total = collections.Counter(), collections.Counter()
    findings = overlapping = kept = words = 0
    for bundle_file in sorted(corpus.glob("*.json")):
        bundle = json.loads(bundle_file.read_text())
        for entry in bundle["entry"]:
            doc = entry["resource"]
            if doc["resourceType"] != "DocumentReference":
                continue
            text = base64.b64decode(doc["content"][0]["attachment"]["data"]).decode("utf-8")
            spans = gold[doc["id"]]
            try:
                phi, _ = deid_string(text)
            except Exception:  # a note pyDeid cannot handle finds nothing
                phi = []
            covered = [False] * len(text)
            for p in phi:
                for i in range(p["phi_start"], p["phi_end"]):
                    covered[i] = True
                findings += 1
                overlapping += any(s["start"] < p["phi_end"] and p["phi_start"] < s["end"] for s in spans)
            in_gold = [False] * len(text)
            for s in spans:
                for i in range(s["start"], s["end"]):
                    in_gold[i] = True
                total[s["category"]] += 1
                found[s["category"]] += all(covered[i] for i in range(s["start"], s["end"]) if text[i].isalnum())
            for word in re.finditer(r"[^\W_]+", text):
                if not any(in_gold[word.start():word.end()]):
                    words += 1
                    kept += not any(covered[word.start():word.end()])
    safe_found = sum(v for k, v in found.items() if k != "CLINICIAN_NAME")
    safe_total = sum(v for k, v in total.items() if k != "CLINICIAN_NAME")
    report = {
        "recallByCategory": {k: {"found": found[k], "gold": total[k], "recall": round(found[k] / total[k], 4)}
                             for k in sorted(total)},
        "safeHarborRecall": round(safe_found / safe_total, 4),
        "recallIncludingClinicians": round(sum(found.values()) / sum(total.values()), 4),
        "precision": round(overlapping / findings, 4) if findings else None,
        "keepRate": round(kept / words, 4),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
