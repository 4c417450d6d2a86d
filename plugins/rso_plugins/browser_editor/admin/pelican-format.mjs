// Pelican's Markdown files as the editor reads and writes them: `Key: value` header
// lines, a blank line, the Markdown.
//
// A file is read the way Python-Markdown's meta extension (Pelican's reader) reads it,
// and written back so that nothing the editor did not change moves: each file keeps
// its own header order, spelling (`URL:` or `Url:`), empty lines (`URL:` with nothing
// after it), byte-order mark and line endings. A line is rewritten only when its value
// changed; a new line goes where the site's order puts it (editor.json, from
// rso_plugins.browser_editor: the order `invoke new` writes). Reading then writing any
// file gives the same bytes (tests/test_browser_editor_format.py runs every file).

// Python-Markdown's meta extension (markdown/extensions/meta.py).
const META = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)/;
const META_MORE = /^[ ]{4,}(.*)/;
const BEGIN = /^-{3}(\s.*)?/;
const END = /^(-{3}|\.{3})(\s.*)?/;
const BOM = '\uFEFF';
// Where the editor keeps what it read, to write the file back the same way.
export const SOURCE_KEY = 'pelican_source';

const withoutEnding = (line) => line.replace(/\r?\n$|\r$/, '');

/**
 * The header lines and the text of a Pelican Markdown file:
 * {bom, newline, lines: [{key, name, value, raw}], before, separator, body}.
 * `raw` is every byte of the line (and its continuation lines); `value` is what Pelican
 * reads (continuation lines joined with a line break).
 */
export const parsePelican = (text) => {
  const bom = text.startsWith(BOM);
  const content = bom ? text.slice(1) : text;
  const all = content.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const newline = all[0]?.endsWith('\r\n') ? '\r\n' : '\n';
  let index = 0;
  let before = '';
  if (all.length && BEGIN.test(withoutEnding(all[0]))) {
    before = all[0];
    index = 1;
  }
  const lines = [];
  let separator = '';
  while (index < all.length) {
    const line = withoutEnding(all[index]);
    if (!line.trim() || END.test(line)) {
      separator = all[index];
      index += 1;
      break;
    }
    const meta = META.exec(line);
    if (meta) {
      lines.push({ key: meta[1], name: meta[1].toLowerCase(), value: meta[2].trim(), raw: all[index] });
      index += 1;
      continue;
    }
    const more = META_MORE.exec(line);
    if (more && lines.length) {
      const last = lines.at(-1);
      last.value = `${last.value}\n${more[1].trim()}`;
      last.raw += all[index];
      index += 1;
      continue;
    }
    break;
  }
  return { bom, newline, before, lines, separator, body: all.slice(index).join('') };
};

/** The file again from a parse: header lines as read, separator, text. */
const assemble = ({ bom, before, lines, separator, body }) =>
  (bom ? BOM : '') + before + lines.map((line) => line.raw).join('') + separator + body;

const fieldName = (key) => key.toLowerCase().replaceAll('-', '_');
const text = (value) => (value === undefined || value === null ? '' : String(value).trim());

const ATTACH = '{attach}';

/**
 * How a header line becomes form fields and back. `decode(value)` gives the fields'
 * values; `encode(data, value)` the line's new value ('' to leave the line out), where
 * `value` is what the file held.
 */
const CODECS = {
  text: (name) => ({
    fields: [name],
    decode: (value) => ({ [name]: value }),
    encode: (data) => text(data[name]),
  }),
  draft: () => ({
    fields: ['draft'],
    decode: (value) => ({ draft: value.toLowerCase() === 'draft' }),
    encode: (data, value) => (data.draft ? 'draft' : value.toLowerCase() === 'draft' ? '' : value),
  }),
  'event-status': () => ({
    fields: ['status'],
    decode: (value) => ({ status: value.toLowerCase().split(/\s+/).join(' ') || 'scheduled' }),
    // An event going ahead needs no Status: line (the README's advice).
    encode: (data, value) => (data.status === 'scheduled' && !value ? '' : text(data.status)),
  }),
  online: (name, site) => ({
    fields: ['online'],
    decode: (value) => ({ online: value.toLowerCase() === site.online }),
    encode: (data, value) => (data.online ? site.online : value.toLowerCase() === site.online ? '' : value),
  }),
  file: (name) => ({
    fields: [name],
    decode: (value) => ({ [name]: value }),
    encode: (data) => text(data[name]).replace(/^\.\//, ''),
  }),
  // Image: ![What it shows]({attach}photo.jpg "Caption"): the form holds the line without
  // the {attach} marker, which is how the CMS names a file beside the entry.
  image: (name, site) => {
    const lead = new RegExp(site.leadPhoto.source, site.leadPhoto.flags);
    const attached = (value, marked) => {
      const match = lead.exec(value);
      if (!match) return value;
      const { src } = match.groups;
      const relative = !/^(\{\w+\}|[a-z]+:|\/)/.test(src.replace(/^\.\//, ''));
      if (marked && relative) return value.replace(`](${src}`, `](${ATTACH}${src.replace(/^\.\//, '')}`);
      if (!marked && src.startsWith(ATTACH)) return value.replace(`](${src}`, `](${src.slice(ATTACH.length)}`);
      return value;
    };
    return {
      fields: ['image'],
      decode: (value) => ({ image: attached(value, false) }),
      encode: (data) => attached(text(data.image), true),
    };
  },
};

/** The codec of header `key` in collection `collection`, per editor.json's "codecs". */
const codecFor = (key, collection, site) => {
  let kind = site.codecs[key] ?? 'text';
  if (typeof kind === 'object') kind = kind[collection] ?? 'text';
  return CODECS[kind](fieldName(key), site);
};

/** A value as it would be written: text trimmed, each part of a group trimmed. */
const normal = (value) =>
  value !== null && typeof value === 'object'
    ? JSON.stringify(Object.keys(value).sort().map((key) => [key, text(value[key])]))
    : text(value);
const same = (a, b) => Object.keys(a).every((key) => normal(a[key]) === normal(b[key]));

/** The form's values from a file: every header line, decoded, and the text. */
export const readEntry = (fileText, collection, site) => {
  const parsed = parsePelican(fileText);
  const data = {};
  for (const line of parsed.lines) {
    const name = fieldName(line.key);
    if (name in data) continue;
    Object.assign(data, codecFor(line.key, collection, site).decode(line.value));
  }
  data.body = parsed.body;
  data[SOURCE_KEY] = fileText;
  return data;
};

const headerLine = (key, value, newline) =>
  `${key}: ${value.split('\n').join(`${newline}    `)}`.trimEnd() + newline;

/**
 * The file for the form's values `data`. An entry read from a file is written over its
 * own lines: unchanged lines as they were, changed ones in their own spelling, emptied
 * ones left out (unless the file had them empty), new ones in the site's order.
 */
export const writeEntry = (data, collection, site) => {
  const order = site.headers[collection];
  const source = typeof data[SOURCE_KEY] === 'string' ? data[SOURCE_KEY] : '';
  const parsed = source ? parsePelican(source) : { bom: false, newline: '\n', before: '', lines: [], separator: '\n', body: '' };
  const { newline } = parsed;
  const known = new Set(order.map((key) => key.toLowerCase()));
  const seen = new Set();
  const lines = [];
  for (const line of parsed.lines) {
    // A line the site has no form field for (Template, Save_as...), or a repeated one,
    // is the editor's to keep, never to change.
    if (!known.has(line.name) || seen.has(line.name)) {
      lines.push(line);
      continue;
    }
    seen.add(line.name);
    const codec = codecFor(line.key, collection, site);
    if (!codec.fields.some((field) => field in data)) {
      lines.push(line);
      continue;
    }
    if (same(codec.decode(line.value), data)) {
      lines.push(line);
      continue;
    }
    const value = codec.encode(data, line.value);
    if (value) lines.push({ ...line, value, raw: headerLine(line.key, value, newline) });
    else if (!line.value) lines.push(line);
  }
  order.forEach((key, position) => {
    const name = key.toLowerCase();
    if (seen.has(name)) return;
    const value = codecFor(key, collection, site).encode(data, '');
    if (!value) return;
    const line = { key, name, value, raw: headerLine(key, value, newline) };
    const earlier = new Set(order.slice(0, position).map((other) => other.toLowerCase()));
    const later = new Set(order.slice(position + 1).map((other) => other.toLowerCase()));
    const after = lines.findLastIndex((other) => earlier.has(other.name));
    const before = lines.findIndex((other) => later.has(other.name));
    lines.splice(after >= 0 ? after + 1 : before >= 0 ? before : lines.length, 0, line);
    seen.add(name);
  });
  return assemble({ ...parsed, lines, body: bodyFor(data.body, parsed.body, newline) });
};

/**
 * The text to write: the file's own when only blank lines around it differ (the CMS
 * trims every value it saves), else the new text ending in one line break.
 */
const bodyFor = (value, before, newline) => {
  if (value === undefined || value === null) return before;
  const lines = (text) => text.replaceAll('\r\n', '\n').trim();
  const given = String(value);
  if (lines(given) === lines(before)) return before;
  if (!given.trim()) return '';
  const ending = before.match(/\s*$/)[0] || newline;
  return lines(given).replaceAll('\n', newline) + ending;
};

/** Reading then writing, unchanged: the same bytes (what the round-trip test runs). */
export const roundTrip = (fileText, collection, site) =>
  writeEntry(readEntry(fileText, collection, site), collection, site);

/** The custom format Sveltia CMS registers for `collection`. */
export const pelicanFormat = (collection, site) => ({
  fromFile: (fileText) => readEntry(fileText, collection, site),
  toFile: (data) => writeEntry(data, collection, site),
});
