// The editor asks no one but this site and, once signed in, the Git host's API.
//
// Sveltia CMS is served from the site with its fonts beside it, but two of its habits
// would still reach out: its UI library declares its fonts with @font-face rules that
// point at jsDelivr (the copies bundled beside it are added only as fallbacks, which
// Chromium tries after the rules), and the GitHub backend asks githubstatus.com how
// GitHub is doing before anyone signs in. Both are stopped here, before the CMS starts,
// so readers of this page on a slow connection download nothing from elsewhere.

/** Take out @font-face rules of `sheet` that load a font from another origin. */
const dropForeignFonts = (sheet) => {
  let rules;
  try {
    rules = sheet.cssRules;
  } catch {
    return;
  }
  for (let index = rules.length - 1; index >= 0; index -= 1) {
    const rule = rules[index];
    if (!(rule instanceof CSSFontFaceRule)) continue;
    const urls = [...rule.style.getPropertyValue('src').matchAll(/url\(\s*["']?([^"')]+)/g)];
    if (urls.some(([, url]) => new URL(url, document.baseURI).origin !== location.origin)) {
      sheet.deleteRule(index);
    }
  }
};

/**
 * Watch for style elements the CMS adds and drop their foreign @font-face rules as soon
 * as they are added (a mutation observer runs before the page is next laid out, so the
 * browser never asks for those fonts); the bundled copies are used instead.
 */
export const keepFontsLocal = () => {
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const added of record.addedNodes) {
        if (added instanceof HTMLStyleElement && added.sheet) dropForeignFonts(added.sheet);
      }
    }
  });
  observer.observe(document.head, { childList: true });
  for (const sheet of document.styleSheets) dropForeignFonts(sheet);
};

/**
 * Let `fetch` reach only this site, blob: and data: addresses and `allowedOrigins` (the
 * Git host's API); anything else fails at once, as it would offline, without a request.
 */
export const keepRequestsLocal = (allowedOrigins) => {
  const ownFetch = window.fetch.bind(window);
  window.fetch = (resource, options) => {
    const address = resource instanceof Request ? resource.url : String(resource);
    const url = new URL(address, document.baseURI);
    const local = ['blob:', 'data:'].includes(url.protocol) || url.origin === location.origin;
    if (!local && !allowedOrigins.includes(url.origin)) {
      return Promise.reject(new TypeError(`The editor does not contact ${url.origin}`));
    }
    return ownFetch(resource, options);
  };
};
