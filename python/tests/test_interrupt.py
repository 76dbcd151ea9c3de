"""Ctrl-C cancels a run: SIGINT to a process in the middle of a long run raises
KeyboardInterrupt out of s.run(), and the next run in that process works."""

import os
import signal
import subprocess
import sys
import textwrap

CHILD = textwrap.dedent("""
    import sys
    import gpugap
    s = gpugap.load("sequoia-2024-uncertain")
    certain = [n for n in s.names if not s.run(samples=1)[n].uncertain][0]
    print("started", flush=True)
    try:
        # 10^9 samples that keep nothing: minutes of work in no memory.
        s.run(samples=10**9, only=[certain], keep=[])
        print("finished", flush=True)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    r = s.run(samples=1000, seed=1)
    print("again", r.samples_run, flush=True)
""")


def test_sigint_cancels_a_run():
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True,
                             env=os.environ.copy())
    try:
        assert child.stdout.readline().strip() == "started"
        import time
        time.sleep(0.5)  # into the run (a signal before it would interrupt it all the same)
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
    assert out.split("\n")[:2] == ["interrupted", "again 1000"]
    assert child.returncode == 0
