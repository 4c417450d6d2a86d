"""The build's process ends at once when nothing is left running, and as usual otherwise.

sitetools.pelican_runner.end_process skips the interpreter's teardown (a tenth of a
second after a large build); these run it in a real process and read what came out.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from sitetools.build import ROOT, pelican_env


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=pelican_env(),
        timeout=60,
    )


def test_the_exit_status_and_everything_printed_and_logged_come_through():
    result = run(
        """
        import logging
        from sitetools.pelican_runner import end_process
        logging.basicConfig(format="%(message)s")
        print("printed", end="")
        logging.getLogger("build").warning("logged")
        end_process(3)
        """
    )
    assert result.returncode == 3
    assert result.stdout == "printed"
    assert result.stderr == "logged\n"


def test_a_thread_still_running_is_not_cut_short():
    result = run(
        """
        import threading, time
        from sitetools.pelican_runner import end_process
        def late():
            time.sleep(0.3)
            print("finished", flush=True)
        threading.Thread(target=late).start()
        end_process(0)
        """
    )
    assert (result.returncode, result.stdout) == (0, "finished\n")


def test_a_child_process_still_running_is_not_cut_short(tmp_path):
    """The process ends only after its child has finished its work."""
    done = tmp_path / "child-finished"
    code = f"""
        import multiprocessing, pathlib, time
        from sitetools.pelican_runner import end_process
        def late():
            time.sleep(0.5)
            pathlib.Path({str(done)!r}).write_text("done")
        if __name__ == "__main__":
            multiprocessing.get_context("fork").Process(target=late).start()
            end_process(0)
        """
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=pelican_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert process.wait(timeout=60) == 0
    assert done.read_text() == "done"


def test_under_a_profiler_the_profile_is_still_written(tmp_path):
    script = tmp_path / "build.py"
    script.write_text(
        "from sitetools.pelican_runner import end_process\nend_process(0)\n", encoding="utf-8"
    )
    profile = tmp_path / "build.prof"
    result = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), str(script)],
        cwd=ROOT,
        env=pelican_env(),
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert profile.stat().st_size > 0
