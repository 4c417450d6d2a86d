// content/data/bali-process.yaml as the editor reads and writes it.
//
// The file is written by people and read by the bali_process plugin; its comments tell
// editors what each list is. The editor changes it the way a person would, through the
// YAML library's document model (the `yaml` package, pinned in package.json): saving
// unchanged gives back the same bytes, and adding a member adds one line, keeping every
// comment, quote and blank line. A member state is a plain name (`- Australia`) or,
// where the name alone cannot be placed on the map, a one-line mapping with its ISO code
// (`- {name: Hong Kong SAR, code: HK}`); the form shows both as a name and an optional
// code.

import { isMap, isScalar, isSeq, parseDocument } from './yaml/index.js';

export const SOURCE_KEY = 'data_source';
// The lists of the file, and whether their entries may carry a code.
const LISTS = [
  { path: ['members', 'states'], coded: true },
  { path: ['members', 'organisations'], coded: false },
  { path: ['observers', 'named'], coded: false },
  { path: ['rcf_principles'], coded: false },
];
const SCALARS = [['as_of'], ['source', 'title'], ['source', 'url'], ['observers', 'total'], ['members', 'total']];
const OUTPUT = { lineWidth: 0, flowCollectionPadding: false };

const entry = (value) => {
  if (value && typeof value === 'object') {
    const code = value.code === undefined || value.code === null ? '' : String(value.code).trim();
    return { name: String(value.name ?? '').trim(), code };
  }
  return { name: String(value ?? '').trim(), code: '' };
};
const entryKey = ({ name, code }) => JSON.stringify([name, code]);
const getIn = (object, path) => path.reduce((value, key) => (value == null ? undefined : value[key]), object);
/** Whether the form holds a value at `path` at all (a field it has no input for, such as
 * members.total, is left as the file has it). */
const has = (object, path) => {
  const parent = getIn(object, path.slice(0, -1));
  return parent !== null && typeof parent === 'object' && Object.hasOwn(parent, path.at(-1));
};

/** The form's values from the file's text (states as {name, code}). */
export const readFigures = (text) => {
  const data = parseDocument(text).toJS() ?? {};
  const states = getIn(data, ['members', 'states']);
  if (Array.isArray(states)) data.members.states = states.map(entry);
  data[SOURCE_KEY] = text;
  return data;
};

/** Whether two form values are the same figures. */
const sameValue = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const node = (doc, value, coded) => {
  const { name, code } = entry(value);
  if (coded && code) {
    const map = doc.createNode({ name, code });
    map.flow = true;
    return map;
  }
  return doc.createNode(name);
};

const nodeValue = (item, coded) => (isScalar(item) ? entry(item.value) : coded && isMap(item) ? entry(item.toJSON()) : entry(item?.toJSON?.()));

/**
 * Change `sequence` into `values` with the fewest added and removed items (a longest
 * common subsequence), so items that stay keep their lines and comments.
 */
const updateList = (doc, sequence, values, coded) => {
  const old = sequence.items.map((item) => entryKey(nodeValue(item, coded)));
  const wanted = values.map((value) => entryKey(entry(value)));
  const lengths = Array.from({ length: old.length + 1 }, () => new Array(wanted.length + 1).fill(0));
  for (let i = old.length - 1; i >= 0; i -= 1) {
    for (let j = wanted.length - 1; j >= 0; j -= 1) {
      lengths[i][j] = old[i] === wanted[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const items = [];
  let i = 0;
  let j = 0;
  while (i < old.length || j < wanted.length) {
    if (i < old.length && j < wanted.length && old[i] === wanted[j]) {
      items.push(sequence.items[i]);
      i += 1;
      j += 1;
    } else if (j < wanted.length && (i >= old.length || lengths[i][j + 1] >= lengths[i + 1][j])) {
      items.push(node(doc, values[j], coded));
      j += 1;
    } else {
      i += 1;
    }
  }
  // A removed first item takes the comment above it along; keep the comment.
  if (sequence.items[0] && items[0] !== sequence.items[0] && sequence.items[0].commentBefore && items[0]) {
    items[0].commentBefore ??= sequence.items[0].commentBefore;
  }
  sequence.items = items;
};

/** The file's text for the form's values: the file as it was, changed where they differ. */
export const writeFigures = (data) => {
  const source = typeof data[SOURCE_KEY] === 'string' ? data[SOURCE_KEY] : '';
  const before = readFigures(source);
  const doc = parseDocument(source);
  let changed = false;
  for (const path of SCALARS) {
    if (!has(data, path)) continue;
    const value = getIn(data, path);
    if (sameValue(value, getIn(before, path))) continue;
    changed = true;
    if (value === undefined || value === null || value === '') doc.deleteIn(path);
    else doc.setIn(path, value);
  }
  for (const { path, coded } of LISTS) {
    if (!has(data, path)) continue;
    const values = (getIn(data, path) ?? []).map(entry).filter(({ name }) => name);
    const old = (getIn(before, path) ?? []).map(entry);
    if (sameValue(values, old)) continue;
    changed = true;
    const sequence = doc.getIn(path, true);
    if (isSeq(sequence)) updateList(doc, sequence, values, coded);
    else doc.setIn(path, values.map((value) => node(doc, value, coded)));
  }
  return changed ? doc.toString(OUTPUT) : source;
};

/** The custom format Sveltia CMS registers for the data file. */
export const figuresFormat = () => ({ fromFile: readFigures, toFile: writeFigures });
