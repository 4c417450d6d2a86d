// Form fields of our own, for what Sveltia CMS's fields cannot check or do:
//
// - rule-text: a line of text checked by one of the site's rules (site-rules.mjs) that
//   needs more than a pattern, such as an End after its Start; the reason shows under
//   the field and the entry is not saved until it is put right;
// - pelican-slug: the address, made from the title exactly as `invoke new` makes it,
//   fixed once the entry exists (changing it would break every link to the page);
// - lead-photo: the article's photo with what it shows (alt text) and its caption, as
//   one value (the Image: line's text), so the photo is never saved without them;
// - publication-pdf: the document, checked as the build checks it (a PDF inside, not
//   too large) and saved beside the entry under the entry's own name, as
//   `invoke new-publication` does.
//
// They are React components (Sveltia CMS's API for custom fields), written with the
// `h` and `createClass` functions the CMS puts on window.

import {
  RULES,
  checkLeadPhoto,
  checkSlug,
  leadPhotoText,
  parseLeadPhoto,
  pelicanSlug,
} from './site-rules.mjs';

/** The entry's values as a plain object (the CMS hands them over as an Immutable Map). */
const entryData = (entry) => entry?.get('data')?.toJS?.() ?? {};
/** Whether the entry is being created: it has no file yet (the CMS gives controls no
 * `newRecord` flag that says so). */
const isNew = (entry) => !entry?.get('path');

const invalid = (message) => (message ? { error: { message } } : true);
/**
 * Wait until React has drawn the latest values. The CMS renders a control and asks it
 * to check itself in the same breath, so `this.props` still holds the values before
 * the change; React draws them in a task it posts as a message, and messages run in
 * the order they are posted, so one posted now arrives after it.
 */
const afterRender = () =>
  new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
/** The field's label, which the CMS writes as the element `<id>-label`. */
const labelledBy = (forID) => `${forID}-label`;

const register = (CMS, site) => {
  const { h, createClass } = window;

  const RuleText = createClass({
    async isValid() {
      await afterRender();
      const rule = RULES[this.props.field.get('rule')];
      return invalid(rule ? rule(this.props.value ?? '', entryData(this.props.entry), site) : '');
    },
    render() {
      const { forID, classNameWrapper, value, onChange, field } = this.props;
      const zones = field.get('rule') === 'time-zone';
      return h(
        'span',
        null,
        h('input', {
          id: forID,
          className: classNameWrapper,
          'aria-labelledby': labelledBy(forID),
          type: 'text',
          value: value ?? '',
          autoComplete: 'off',
          list: zones ? `${forID}-zones` : undefined,
          onChange: (event) => onChange(event.target.value),
        }),
        zones
          ? h(
              'datalist',
              { id: `${forID}-zones` },
              site.timeZones.map((name) => h('option', { key: name, value: name })),
            )
          : null,
      );
    },
  });

  const PelicanSlug = createClass({
    componentDidMount() {
      this.follow();
    },
    componentDidUpdate() {
      this.follow();
    },
    /** Keep a new entry's address in step with its title until the editor types one;
     * give an existing entry the address it has (its file name). */
    follow() {
      const { entry, value, onChange } = this.props;
      if (!entry) return;
      if (!isNew(entry)) {
        const own = entry.get('slug');
        if (!value && own) onChange(own);
        return;
      }
      if (this.typed) return;
      const { slug } = pelicanSlug(entryData(entry).title ?? '', site.slug);
      if (slug !== (value ?? '')) onChange(slug);
    },
    isValid() {
      return invalid(checkSlug(this.props.value, site.slug));
    },
    render() {
      const { forID, classNameWrapper, value, onChange, entry } = this.props;
      return h('input', {
        id: forID,
        className: classNameWrapper,
        'aria-labelledby': labelledBy(forID),
        type: 'text',
        value: value ?? '',
        readOnly: Boolean(entry && !isNew(entry)),
        onChange: (event) => {
          this.typed = true;
          onChange(event.target.value);
        },
      });
    },
  });

  const LeadPhoto = createClass({
    getInitialState() {
      return { preview: '', alt: '', caption: '' };
    },
    componentWillUnmount() {
      if (this.state.preview) URL.revokeObjectURL(this.state.preview);
    },
    /** The photo in the value, or what is being typed before a photo is chosen. */
    photo() {
      const parsed = parseLeadPhoto(this.props.value, site);
      if (parsed) return parsed;
      return { src: String(this.props.value ?? ''), alt: this.state.alt, caption: this.state.caption };
    },
    change(part) {
      const photo = { ...this.photo(), ...part };
      this.setState({ alt: photo.alt, caption: photo.caption });
      this.props.onChange(leadPhotoText(photo));
    },
    async choose() {
      const accept = this.props.field.get('accept');
      const picked = await this.props.pickFile({ kind: 'image', accept, allowURL: false });
      if (!picked) return;
      if (this.state.preview) URL.revokeObjectURL(this.state.preview);
      this.setState({ preview: picked.file ? URL.createObjectURL(picked.file) : '' });
      this.change({ src: picked.value });
    },
    isValid(value) {
      return invalid(checkLeadPhoto(value, site));
    },
    render() {
      const { forID } = this.props;
      const { src, alt, caption } = this.photo();
      const input = (part, label, value) =>
        h(
          'p',
          { className: 'lead-photo-part' },
          h('label', { htmlFor: `${forID}-${part}` }, label),
          h('input', {
            id: `${forID}-${part}`,
            className: this.props.classNameWrapper,
            type: 'text',
            value,
            onChange: (event) => this.change({ [part]: event.target.value }),
          }),
        );
      const name = src.startsWith('blob:') ? 'new photo (saved with the entry)' : src;
      return h(
        'div',
        { id: forID, role: 'group', 'aria-labelledby': labelledBy(forID) },
        this.state.preview ? h('img', { src: this.state.preview, alt: '', width: 160 }) : null,
        h(
          'p',
          { className: 'lead-photo-buttons' },
          h('button', { type: 'button', onClick: () => this.choose() }, src ? 'Choose another photo' : 'Choose a photo'),
          src ? h('span', null, ` ${name} `) : null,
          src ? h('button', { type: 'button', onClick: () => this.change({ src: '' }) }, 'Remove the photo') : null,
        ),
        input('alt', 'What the photo shows (alt text), read out to blind readers', alt),
        input('caption', 'Caption (optional), shown below the photo', caption),
      );
    },
  });

  const PublicationPdf = createClass({
    getInitialState() {
      return { problem: '' };
    },
    componentDidUpdate() {
      // The PDF is named after the entry: when the address changes, so does the name.
      const slug = entryData(this.props.entry).slug;
      if (this.file && slug && slug !== this.named) this.add(this.file);
    },
    async add(file) {
      const slug = entryData(this.props.entry).slug || 'document';
      this.file = file;
      this.named = slug;
      this.props.onChange(await this.props.addFile(file, { name: `${slug}.pdf` }));
    },
    async choose(event) {
      const file = event.target.files?.[0];
      if (!file) return;
      const start = await file.slice(0, 1024).text();
      let problem = '';
      if (!start.includes(site.pdf.signature)) {
        problem = `${file.name} is not a PDF inside; open it in its program and export it as PDF`;
      } else if (file.size > site.pdf.maxBytes) {
        problem = `${file.name} is ${(file.size / 1e6).toFixed(1)} MB, more than the ${Math.round(site.pdf.maxBytes / 1e6)} MB a reader should download; export it again with smaller images`;
      }
      this.setState({ problem });
      if (problem) {
        this.props.onChange('');
        return;
      }
      await this.add(file);
    },
    isValid() {
      if (this.state.problem) return invalid(this.state.problem);
      const value = String(this.props.value ?? '');
      if (value && !value.startsWith('blob:') && !/\.pdf$/i.test(value)) {
        return invalid(`${value} is not a PDF; publish documents as PDF`);
      }
      return true;
    },
    render() {
      const { forID, value } = this.props;
      const shown = String(value ?? '').startsWith('blob:') ? `${this.named}.pdf (to be saved)` : value;
      return h(
        'span',
        null,
        h('input', {
          id: forID,
          'aria-labelledby': labelledBy(forID),
          type: 'file',
          accept: 'application/pdf,.pdf',
          onChange: (event) => this.choose(event),
        }),
        shown ? h('span', { className: 'current-file' }, ` ${shown}`) : null,
      );
    },
  });

  CMS.registerFieldType('rule-text', RuleText);
  CMS.registerFieldType('pelican-slug', PelicanSlug);
  CMS.registerFieldType('lead-photo', LeadPhoto);
  CMS.registerFieldType('publication-pdf', PublicationPdf);
};

export default register;
