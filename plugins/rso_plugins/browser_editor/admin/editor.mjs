// The editor at /admin/: Sveltia CMS, served from this site, set up for this site.
//
// Order matters: the guards go first, so the CMS never reaches another server; the file
// formats, fields and previews are registered before CMS.init(), which reads them while
// it starts (window.CMS_MANUAL_INIT keeps it from starting by itself).

import { keepFontsLocal, keepRequestsLocal } from './guards.mjs';
import { pelicanFormat } from './pelican-format.mjs';
import { figuresFormat } from './data-format.mjs';
import registerFields from './fields.mjs';
import registerPreview from './preview.mjs';

// The Git host's API: the only other server the editor talks to, once signed in.
const GIT_API = 'https://api.github.com';

window.CMS_MANUAL_INIT = true;
keepFontsLocal();
keepRequestsLocal([GIT_API]);

const [{ default: CMS }, settings] = await Promise.all([
  import('./sveltia/index.js'),
  fetch('editor.json').then((response) => response.json()),
]);
const { cms, site } = settings;

for (const collection of cms.collections) {
  if (collection.format?.startsWith('pelican-')) {
    const { fromFile, toFile } = pelicanFormat(collection.name, site);
    CMS.registerCustomFormat(collection.format, 'md', { fromFile, toFile });
  }
}
CMS.registerCustomFormat('bali-process-yaml', 'yaml', figuresFormat());
registerFields(CMS, site);
registerPreview(CMS, site);

await CMS.init({ config: cms });
