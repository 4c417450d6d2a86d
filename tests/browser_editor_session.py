"""Drive the real editor at /admin/ on a real copy of the project, in Chromium.

Sveltia CMS edits a working copy through the browser's File System Access API
(``showDirectoryPicker``), which headless Chromium cannot answer. The page is given a
``showDirectoryPicker`` that returns a folder of the browser's own origin-private file
system (OPFS) holding the copy's files (``.git/HEAD`` included, which the CMS looks for),
so the editor reads and writes real files through the real API; ``write_back`` then
copies what it wrote into the project copy on disk, where git, `invoke check` and a
build see it.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

# The folder of the origin-private file system that stands for the project.
PROJECT = "project"
PICKER = f"""
window.showDirectoryPicker = async () =>
  (await navigator.storage.getDirectory()).getDirectoryHandle({PROJECT!r});
"""
FILL = """
async ([folder, files]) => {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(folder, { recursive: true }).catch(() => {});
  const project = await root.getDirectoryHandle(folder, { create: true });
  for (const [path, data] of files) {
    let dir = project;
    const parts = path.split('/');
    for (const part of parts.slice(0, -1)) {
      dir = await dir.getDirectoryHandle(part, { create: true });
    }
    const handle = await dir.getFileHandle(parts.at(-1), { create: true });
    const writable = await handle.createWritable();
    await writable.write(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
    await writable.close();
  }
}
"""
READ = """
async (folder) => {
  const root = await navigator.storage.getDirectory();
  const found = [];
  const walk = async (dir, prefix) => {
    for await (const [name, handle] of dir.entries()) {
      const path = prefix + name;
      if (handle.kind === 'directory') await walk(handle, path + '/');
      else {
        const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
        let text = '';
        for (let i = 0; i < bytes.length; i += 0x8000) {
          text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        }
        found.push([path, btoa(text)]);
      }
    }
  };
  await walk(await root.getDirectoryHandle(folder), '');
  return found;
}
"""


def project_files(project: Path, parts: tuple[str, ...] = ("content",)) -> dict[str, bytes]:
    """The files of ``project`` the editor works on, by path, with a ``.git/HEAD``."""
    files = {".git/HEAD": b"ref: refs/heads/main\n"}
    for part in parts:
        for path in sorted((project / part).rglob("*")):
            if path.is_file():
                files[path.relative_to(project).as_posix()] = path.read_bytes()
    return files


def fill_opfs(page, files: dict[str, bytes]) -> None:
    """Put ``files`` in the page origin's private file system, as the picked project."""
    encoded = [[path, base64.b64encode(data).decode()] for path, data in files.items()]
    page.evaluate(FILL, [PROJECT, encoded])


def read_opfs(page) -> dict[str, bytes]:
    """Every file in the picked project, as the editor left it."""
    return {path: base64.b64decode(data) for path, data in page.evaluate(READ, PROJECT)}


def write_back(page, project: Path, before: dict[str, bytes]) -> dict[str, str]:
    """Copy what the editor changed into ``project``; return {path: "added"|"changed"|
    "removed"} for each file it touched."""
    after = read_opfs(page)
    changes = {}
    for path, data in after.items():
        if path.startswith(".git/"):
            continue
        if before.get(path) != data:
            changes[path] = "changed" if path in before else "added"
            target = project / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    for path in before:
        if path not in after and not path.startswith(".git/"):
            changes[path] = "removed"
            (project / path).unlink()
    return changes


@dataclass
class EditorSession:
    """The editor open in a page, on a project's files."""

    page: object
    base: str
    files: dict[str, bytes]
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Requests that left the local server (blob: and data: stay in the page)."""
        return [
            url for url in self.requests if not url.startswith((self.base + "/", "blob:", "data:"))
        ]


@contextmanager
def editor_session(browser, base: str, project: Path) -> Iterator[EditorSession]:
    """/admin/ at ``base`` in a fresh browser context, working on ``project``'s files
    through "Work with Local Repository"; every request and console error is noted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(PICKER)
    page = context.new_page()
    session = EditorSession(page, base, project_files(project))
    page.on("request", lambda request: session.requests.append(request.url))
    page.on(
        "console",
        lambda message: session.errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: session.errors.append(str(error)))
    try:
        page.goto(f"{base}/admin/")
        fill_opfs(page, session.files)
        page.get_by_role("button", name="Work with Local Repository").click()
        page.get_by_role("button", name="Create New Entry").first.wait_for()
        yield session
    finally:
        context.close()
