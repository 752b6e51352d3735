#!/usr/bin/env python3
"""The whole pipeline on the evaluation corpus: each de-identified note in the deid zone is paired with its input note
(same record, same order), and a gold span counts as still present when its exact text stands, as a whole token
run, anywhere in that note's output. Shifted dates no longer read as the original; a short number can stand elsewhere
in the note ("100%" beside a gold age "100"), so dates and ages over-count.

Usage (from the repository root; see docs/free-text-evaluation.md):
  ./mvnw -B -o -q -pl functions/deidentification -am test -Dtest=CorpusExportTest \
      -Dsurefire.failIfNoSpecifiedTests=false -Ddeid.eval.export.dir=/tmp/deid-eval-notes
  ./pipeline local --input /tmp/deid-eval-notes --output /tmp/deid-eval-out
  python3 functions/deidentification/evaluation-peer/pipeline_leak_check.py /tmp/deid-eval-notes \
      /tmp/deid-eval-notes.gold.ndjson /tmp/deid-eval-out
"""
import base64, json, pathlib, sys, collections, re
inp, gold, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
words = lambda t: set(re.findall(r'[a-z]{4,}', t.lower()))
inputs = []
for f in sorted(inp.glob('patient-*.json')):
    docs = [(e['resource']['id'], base64.b64decode(e['resource']['content'][0]['attachment']['data']).decode('utf8'))
            for e in json.loads(f.read_text())['entry'] if e['resource']['resourceType'] == 'DocumentReference']
    inputs.append(docs)
outputs = []
for f in (out / 'zones' / 'deid').rglob('*.ndjson'):
    docs = []
    for line in f.read_text().splitlines():
        r = json.loads(line)
        if r['resourceType'] == 'DocumentReference':
            docs.append(base64.b64decode(r['content'][0]['attachment']['data']).decode('utf8', errors='replace'))
    if docs:
        outputs.append(docs)
pairs = {}
for odocs in outputs:
    best, score = None, -1
    for i, idocs in enumerate(inputs):
        if len(idocs) != len(odocs):
            continue
        a, b = words(idocs[0][1]), words(odocs[0])
        s = len(a & b) / max(1, len(a | b))
        if s > score:
            best, score = i, s
    for (doc_id, _), text in zip(inputs[best], odocs):
        pairs[doc_id] = text
total, leaked = collections.Counter(), collections.Counter()
examples = collections.defaultdict(list)
notes = {d: t for docs in inputs for d, t in docs}
for line in gold.read_text().splitlines():
    g = json.loads(line)
    src, dst = notes.get(g['documentReference']), pairs.get(g['documentReference'])
    if dst is None:
        continue
    for s in g['spans']:
        span = src[s['start']:s['end']]
        total[s['category']] += 1
        if re.search(r'(?<![A-Za-z0-9])' + re.escape(span) + r'(?![A-Za-z0-9])', dst):
            leaked[s['category']] += 1
            examples[s['category']].append(span)
print('notes paired:', len(pairs), 'of', len(notes))
for c in sorted(total):
    print(f'{c:16} spans {total[c]:5}  still present {leaked[c]:4}  removed {1 - leaked[c] / total[c]:.4f}  e.g. {examples[c][:3]}')
sh = [c for c in total if c != 'CLINICIAN_NAME']
print('Safe Harbor removed', round(1 - sum(leaked[c] for c in sh) / sum(total[c] for c in sh), 4),
      'all', round(1 - sum(leaked.values()) / sum(total.values()), 4))
