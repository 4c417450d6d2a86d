// The build's checks that a field pattern cannot express, run in the editor before it
// saves: an End after its Start, a time zone that exists, a place for every event, alt
// text for every photo, an address (slug) as Pelican makes it.
//
// The patterns, names and lists come from the plugins through editor.json ("site"), so
// only the comparisons live here; tests/test_browser_editor_rules.py feeds the same
// inputs to these functions and to the plugins and compares the verdicts.

/** A RegExp from the {source, flags} the build wrote; `extra` flags added (such as g). */
export const compile = ({ source, flags }, extra = '') =>
  new RegExp(source, [...new Set(flags + extra)].join(''));

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };

/**
 * The address Pelican makes from `title` (pelican.utils.slugify: tags stripped, NFKC,
 * unidecode, the site's SLUG_REGEX_SUBSTITUTIONS, lower case), shortened at a word
 * boundary as `invoke new` does. `complete` is false when the title holds characters the
 * editor cannot transliterate as unidecode would (other scripts): then the editor
 * writes the address by hand.
 */
export const pelicanSlug = (title, rule) => {
  let text = String(title ?? '')
    .replace(/<!--[\s\S]*?-->|<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, name) => ENTITIES[name])
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFKC');
  let complete = true;
  text = [...text]
    .map((character) => {
      if (character.codePointAt(0) < 0x80) return character;
      if (character in rule.ascii) return rule.ascii[character];
      complete = false;
      return '';
    })
    .join('');
  for (const substitution of rule.substitutions) {
    text = text.replace(compile(substitution, 'g'), substitution.replacement);
  }
  let slug = text.toLowerCase().trim().replace(/^-+|-+$/g, '');
  if (slug.length > rule.maxLength) {
    const cut = slug.slice(0, rule.maxLength + 1).split('-').slice(0, -1).join('-');
    slug = cut || slug.slice(0, rule.maxLength);
  }
  return { slug, complete: complete && Boolean(slug) };
};

/** Why `slug` cannot be an address, or ''. */
export const checkSlug = (slug, rule) => {
  const value = String(slug ?? '').trim();
  if (!value) return 'give the page an address: lower-case letters, digits and hyphens';
  const { slug: clean } = pelicanSlug(value, rule);
  if (clean !== value) {
    return `an address may hold only lower-case letters, digits and hyphens${
      clean ? `; write ${clean}` : ''
    }`;
  }
  return '';
};

/**
 * A Start: or End: value as the events plugin reads it: {day: Date (UTC midnight),
 * minutes: minutes after midnight or null} or {message}.
 */
export const parseMoment = (value, field, site) => {
  const text = String(value ?? '').trim();
  const timed = compile(site.moment.dateTime).exec(text);
  const dated = timed ?? compile(site.moment.date).exec(text);
  if (!dated) {
    return {
      message: `${field}: '${text}' is not a date; write the date as 2011-03-29, or a date and time as 2011-03-29 09:30`,
    };
  }
  const [year, month, day, hour, minute] = dated.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return {
      message: `${field}: ${text} is not a day of the calendar; check the day and the month (year-month-day, such as 2011-03-29)`,
    };
  }
  if (!timed) return { day: date.getTime(), minutes: null };
  if (hour > 23 || minute > 59) {
    return {
      message: `${field}: ${text} has no such time of day; write the time with the 24-hour clock, from 00:00 to 23:59`,
    };
  }
  return { day: date.getTime(), minutes: hour * 60 + minute };
};

/** Why the Start cannot be used, or ''. */
export const checkStart = (data, site) => {
  const start = String(data.start ?? '').trim();
  if (!start) return 'give the first day, such as 2011-03-29 (or 2011-03-29 09:30 with a time)';
  const parsed = parseMoment(start, 'Start', site);
  if (parsed.message) return parsed.message;
  if (parsed.minutes !== null && !String(data.end ?? '').trim()) {
    return 'the event has a start time but no End; give the day and time it finishes';
  }
  return '';
};

/** Why the End cannot be used (with the Start it belongs to), or ''. */
export const checkEnd = (data, site) => {
  const endText = String(data.end ?? '').trim();
  if (!endText) return '';
  const end = parseMoment(endText, 'End', site);
  if (end.message) return end.message;
  const startText = String(data.start ?? '').trim();
  const start = parseMoment(startText, 'Start', site);
  if (start.message) return '';
  if ((start.minutes === null) !== (end.minutes === null)) {
    return 'Start and End must both be dates, or both dates with times; write them the same way';
  }
  // Both in the event's own time zone: comparing the written days and times is
  // comparing the moments.
  const startAt = start.day + (start.minutes ?? 0) * 60_000;
  const endAt = end.day + (end.minutes ?? 0) * 60_000;
  if (endAt < startAt) {
    return `the event ends (${endText}) before it starts (${startText}); correct the End (or the Start)`;
  }
  return '';
};

/** Why the time zone cannot be used, or ''. */
export const checkTimeZone = (data, site) => {
  const name = String(data.timezone ?? '').trim() || site.defaultTimeZone;
  if (site.timeZones.includes(name)) return '';
  return `'${name}' is not a time zone name; write a place name from the time zone database, such as Asia/Bangkok (Thailand), Asia/Makassar (Bali) or Australia/Adelaide`;
};

/** Why the event has no place, or ''. */
export const checkPlace = (data) => {
  if (data.online || String(data.city ?? '').trim() || String(data.country ?? '').trim()) return '';
  return 'the event has no place; give a City and a Country, or tick Online event';
};

/** Why the lead photo's description cannot be used, or ''. */
export const checkPhotoAlt = (data) => {
  const alt = String(data.image_alt ?? '').trim();
  if (!data.image) return '';
  if (!alt) return 'describe what the photo shows (its alt text): blind readers hear it instead';
  if (alt.includes(']')) return 'the description cannot hold ]; use round brackets instead';
  if (String(data.image_caption ?? '').includes('"')) return 'the caption cannot hold "; use ‘ ’ or “ ” instead';
  return '';
};

/**
 * A lead photo as the Image: line writes it (![What it shows](photo.jpg "Caption"), the
 * {attach} marker left to the file format): {src, alt, caption}, or null when the text
 * is not written like that.
 */
export const parseLeadPhoto = (value, site) => {
  const match = compile(site.leadPhoto).exec(String(value ?? '').trim());
  if (!match) return null;
  const { alt, src, title } = match.groups;
  return { src, alt: alt.trim(), caption: title ?? '' };
};

/** The Image: line's text for a photo, or '' without one. */
export const leadPhotoText = ({ src, alt, caption }) => {
  if (!String(src ?? '').trim()) return '';
  const title = String(caption ?? '').trim();
  return `![${String(alt ?? '').trim()}](${String(src).trim()}${title ? ` "${title}"` : ''})`;
};

/** Why the lead photo field's value cannot be saved, or ''. */
export const checkLeadPhoto = (value, site) => {
  if (!String(value ?? '').trim()) return '';
  const photo = parseLeadPhoto(value, site);
  if (!photo) return 'the description cannot hold ] and the caption cannot hold "; change them';
  return checkPhotoAlt({ image: photo.src, image_alt: photo.alt, image_caption: photo.caption });
};

/** The check each rule-text field names with its `rule` option. */
export const RULES = {
  'event-start': (value, data, site) => checkStart({ ...data, start: value }, site),
  'event-end': (value, data, site) => checkEnd({ ...data, end: value }, site),
  'time-zone': (value, data, site) => checkTimeZone({ ...data, timezone: value }, site),
  'event-place': (value, data) => checkPlace({ ...data, country: value }),
};

/**
 * `html` with the figure placeholders ({members} ...) replaced by their values, as the
 * bali_process plugin does (code left alone, {{name}} written as {name}).
 */
export const fillPlaceholders = (html, { pattern, values }) =>
  String(html ?? '').replace(compile(pattern, 'g'), (match, ...groups) => {
    const named = groups.at(-1);
    if (named.code) return match;
    if (named.literal) return `{${named.literal}}`;
    if (Object.hasOwn(values, named.name)) {
      return values[named.name]
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
        .replaceAll('"', '&quot;')
        .replaceAll("'", '&#x27;');
    }
    return match;
  });
