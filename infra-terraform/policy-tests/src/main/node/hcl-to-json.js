// Usage: node hcl-to-json.js <root>...
// Prints {"<root>": {"<path relative to root>": <HCL as JSON>}} for every .tf file under each root.
// Expressions stay as "${...}" strings, exactly as HashiCorp's HCL parser reads them.
'use strict';
const fs = require('fs');
const path = require('path');
const { parse } = require('@cdktf/hcl2json');

const SKIPPED_DIRECTORIES = new Set(['.terraform', 'node_modules', 'target', 'policy-tests']);

function terraformFiles(directory) {
  const files = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) files.push(...terraformFiles(full));
    } else if (entry.name.endsWith('.tf')) {
      files.push(full);
    }
  }
  return files.sort();
}

async function main(roots) {
  const result = {};
  for (const root of roots) {
    const parsed = {};
    for (const file of terraformFiles(root)) {
      const relative = path.relative(root, file).split(path.sep).join('/');
      try {
        parsed[relative] = await parse(relative, fs.readFileSync(file, 'utf8'));
      } catch (error) {
        throw new Error(`cannot parse ${file}: ${error.message || error}`);
      }
    }
    result[root] = parsed;
  }
  process.stdout.write(JSON.stringify(result));
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error.message || error}\n`);
  process.exit(1);
});
