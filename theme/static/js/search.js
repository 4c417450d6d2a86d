/*
 * Site search, on the search page only: Pagefind's JavaScript API and our own markup.
 *
 * Not Pagefind UI: its scripts and styles weigh more than the whole search budget
 * (150 KB for one search), and its look is not the theme's. This file only reads the
 * query, asks Pagefind, and writes plain list items; the excerpt's <mark> highlights
 * are rebuilt with DOM methods, so nothing from the index is parsed into the page.
 * Pagefind runs on the main thread (noWorker): the index is small, and a worker would
 * download a second copy of the search engine.
 *
 * Search costs nothing until it is used: Pagefind (about 45 KB, and its index) is
 * fetched when the reader first reaches for the box (focus, a tap, a key) or arrives
 * with a query in the address, never on load. Nothing on the page moves meanwhile:
 * the no-JavaScript note is a <noscript>, and the status line and the results have
 * room kept for them (rso.css, "Search").
 */

const PAGE_SIZE = 10;
const DEBOUNCE_MS = 300;

const form = document.querySelector("[data-search-bundle]");
const input = form.querySelector("input[name=q]");
const status = document.querySelector("[data-search-status]");
const list = document.querySelector("[data-search-results]");
const moreRow = document.querySelector("[data-search-more-row]");
const moreButton = document.querySelector("[data-search-more]");

let pagefind = null;
let loading = null;
let shown = [];
let latest = 0;
let lastQuery = null;

/* Resolve against the page, not this script: the bundle path may be relative. */
async function loadPagefind() {
  const bundle = new URL(form.dataset.searchBundle, document.baseURI).href;
  const engine = await import(bundle);
  await engine.options({ noWorker: true, excerptLength: 24 });
  return engine;
}

/* Pagefind, fetched once, the first time anything asks for it. */
function searchEngine() {
  loading ??= loadPagefind().then((engine) => {
    pagefind = engine;
    return engine;
  });
  return loading;
}

function resultsText(count, query) {
  if (count === 0) return `No results for “${query}”.`;
  return `${count} ${count === 1 ? "result" : "results"} for “${query}”.`;
}

/* Pagefind's excerpt is escaped text with <mark> around matches: keep only those. */
function excerptNodes(excerpt) {
  const parsed = new DOMParser().parseFromString(excerpt, "text/html");
  return Array.from(parsed.body.childNodes, (node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent);
  });
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  item.append(heading);
  if (data.meta.date) {
    const meta = document.createElement("p");
    meta.className = "meta";
    const time = document.createElement("time");
    time.dateTime = data.meta.date;
    time.textContent = data.meta.date_label || data.meta.date.slice(0, 10);
    meta.append("Posted On: ", time);
    item.append(meta);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search-excerpt";
  excerpt.append(...excerptNodes(data.excerpt));
  item.append(excerpt);
  return item;
}

async function resultItems(results, start) {
  const batch = await Promise.all(results.slice(start, start + PAGE_SIZE).map((r) => r.data()));
  return batch.map(resultItem);
}

/*
 * Typing, Enter and a slow network can overlap: each search takes a ticket and only
 * the newest one may touch the list, so results never mix or repeat.
 */
async function search(query) {
  const trimmed = query.trim();
  if (trimmed === lastQuery) return; // Enter after typing: already on screen
  lastQuery = trimmed;
  const ticket = ++latest;
  if (!trimmed) {
    shown = [];
    list.replaceChildren();
    list.hidden = true;
    moreRow.hidden = true;
    status.textContent = "";
    return;
  }
  const engine = await searchEngine();
  if (ticket !== latest) return;
  const found = await engine.search(trimmed);
  if (ticket !== latest) return;
  const items = await resultItems(found.results, 0);
  if (ticket !== latest) return;
  shown = found.results;
  list.replaceChildren(...items);
  list.hidden = shown.length === 0;
  moreRow.hidden = items.length >= shown.length;
  status.textContent = resultsText(shown.length, trimmed);
}

/* Append the next page of results; return the first new item, if any. */
async function showMore() {
  const ticket = latest;
  const items = await resultItems(shown, list.children.length);
  if (ticket !== latest) return undefined;
  list.append(...items);
  moreRow.hidden = list.children.length >= shown.length;
  return items[0];
}

/* Keep the query in the address, so a search can be bookmarked, shared and reloaded. */
function remember(query) {
  const url = new URL(window.location.href);
  if (query.trim()) url.searchParams.set("q", query.trim());
  else url.searchParams.delete("q");
  window.history.replaceState(null, "", url);
}

function debounce(action, wait) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => action(...args), wait);
  };
}

function failed(error) {
  lastQuery = null;
  status.textContent = pagefind
    ? "The search failed. Please try again."
    : "Search is not working in this browser at the moment.";
  console.error(error);
}

function start() {
  const run = (query) => {
    remember(query);
    search(query).catch(failed);
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(input.value);
  });
  input.addEventListener("input", debounce(() => run(input.value), DEBOUNCE_MS));
  // Fetch Pagefind as the reader reaches for the box, so it is there when they type.
  for (const name of ["focus", "pointerdown", "keydown"]) {
    input.addEventListener(name, () => searchEngine().catch(() => {}), { once: true });
  }
  // Move keyboard focus to the first new result, not back to the top of the list.
  moreButton.addEventListener("click", async () => {
    const first = await showMore();
    first?.querySelector("a").focus();
  });
  // The query from the address (the header box sends it), unless the reader has
  // already started typing while this script loaded.
  if (!input.value) input.value = new URLSearchParams(window.location.search).get("q") || "";
  if (input.value.trim()) run(input.value);
}

start();
