// The editor's preview, in the site's own stylesheet, with the Bali Process figures put
// in place of {members} and the other placeholders, as the build will put them.
//
// The Markdown is rendered with the parser and sanitiser Sveltia CMS itself uses (it
// puts them on window as `marked` and `DOMPurify`); the placeholders are then filled in
// the rendered HTML with the bali_process plugin's own pattern (code left alone).

import { fillPlaceholders } from './site-rules.mjs';

const STYLESHEET = '../theme/css/rso.css';

const register = (CMS, site) => {
  const { h, createClass, marked, DOMPurify } = window;

  const html = (markdown) =>
    DOMPurify.sanitize(fillPlaceholders(marked.parse(String(markdown ?? '')), site.placeholders));

  const Preview = createClass({
    render() {
      const { entry } = this.props;
      const data = entry.get('data');
      const summary = data.get('summary');
      // An event: when and where, as its page says it.
      const place = data.get('online') ? 'Online' : [data.get('venue'), data.get('city'), data.get('country')].filter(Boolean).join(', ');
      const when = [data.get('start'), data.get('end')].filter(Boolean).join(' to ');
      const zone = data.get('timezone');
      return h(
        'main',
        { className: 'wrap', id: 'main' },
        h(
          'article',
          null,
          h('h1', null, data.get('title') ?? ''),
          when ? h('p', { className: 'event-when' }, `${when}${zone ? ` (${zone} time)` : ''}${place ? `, ${place}` : ''}`) : null,
          summary ? h('div', { className: 'summary', dangerouslySetInnerHTML: { __html: html(summary) } }) : null,
          h('div', { className: 'content', dangerouslySetInnerHTML: { __html: html(data.get('body')) } }),
        ),
      );
    },
  });

  CMS.registerPreviewStyle(new URL(STYLESHEET, document.baseURI).href);
  for (const collection of ['news', 'events', 'publications', 'pages']) {
    CMS.registerPreviewTemplate(collection, Preview);
  }
};

export default register;
