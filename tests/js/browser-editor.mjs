// Call functions of the browser editor's own modules, as the built site serves them, and
// print what they return as JSON: so Python tests can run the editor's file formats and
// rules in Node (the same code the browser runs) and compare them with the build's.
//
// Usage: node --experimental-detect-module browser-editor.mjs ADMIN_FOLDER < calls.json
// where calls.json is [[module, function, [arguments...]], ...]; an argument "$site" is
// replaced by the "site" part of the folder's editor.json. Prints [result, ...].
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const admin = process.argv[2];
const { site } = JSON.parse(readFileSync(join(admin, 'editor.json'), 'utf8'));
const calls = JSON.parse(readFileSync(0, 'utf8'));
const modules = {};
const results = [];
for (const [module, name, args] of calls) {
  modules[module] ??= await import(pathToFileURL(join(admin, module)).href);
  const given = args.map((arg) => (arg === '$site' ? site : arg === '$site.slug' ? site.slug : arg));
  const value = modules[module][name](...given);
  results.push(value === undefined ? null : value);
}
process.stdout.write(JSON.stringify(results));
