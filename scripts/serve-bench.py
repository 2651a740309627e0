#!/usr/bin/env python3
"""Save-to-reload time of `dateline serve`.

Starts `dateline serve --port 0` on a copy of a site (loopback only), opens
the live-reload event stream, appends a sentence to one article N times, and
prints the time from each write to the first `reload` event (the preview:
the edited page, or with a dated edit every page it changes, with a quick
timeline) and to the `built` event (the whole build done, with the exact
timeline), and how often that build changed what the preview showed (a
second `reload`).

    python3 scripts/serve-bench.py BINARY SITE_DIR [--runs 5] [--dated]

The appended sentence has no date, so the timeline's inputs stay the same;
with --dated it carries one ("on March 3, 2025"), a new report each time,
so the timeline is built again. The server's last stderr lines follow the
figures (TAIL=40 shows more, e.g. with DATELINE_TIMINGS=1).
"""
import argparse, os, shutil, socket, subprocess, sys, tempfile, time

p = argparse.ArgumentParser()
p.add_argument("binary")
p.add_argument("site")
p.add_argument("--runs", type=int, default=5)
p.add_argument("--dated", action="store_true", help="append a dated sentence")
a = p.parse_args()

tmp = tempfile.mkdtemp(prefix="serve-bench-")
errlog = open(os.path.join(tmp, "stderr.txt"), "w+")
site = os.path.join(tmp, "site")
shutil.copytree(a.site, site)  # real copies, not hard links: we edit one
proc = subprocess.Popen([a.binary, "serve", "--port", "0", "--root", site],
                        stdout=subprocess.PIPE, stderr=errlog, text=True)
try:
    t0 = time.monotonic()
    line = proc.stdout.readline()
    startup = time.monotonic() - t0
    addr = line.split("http://")[1].split("/")[0]
    host, port = addr.split(":")
    s = socket.create_connection((host, int(port)), timeout=120)
    # The server refuses a Host that is not loopback (DNS rebinding guard).
    s.sendall(f"GET /__dateline/events HTTP/1.1\r\nHost: {addr}\r\n\r\n".encode())
    buf = b""
    def wait(marker):
        global buf
        while marker not in buf:
            chunk = s.recv(65536)
            if not chunk:
                sys.exit("stream closed")
            buf += chunk
        seen = buf[:buf.index(marker)]
        buf = buf[buf.index(marker) + len(marker):]
        return seen
    wait(b"event: hello")
    content = os.path.join(site, "content")
    target = os.path.join(content, sorted(os.listdir(content))[len(os.listdir(content)) // 2])
    times, whole, changed = [], [], 0
    for i in range(a.runs):
        with open(target, "a") as f:
            t = time.monotonic()
            when = " on March 3, 2025" if a.dated else ""
            f.write(f"\nA new paragraph, number {i}, was added{when}.\n")
        wait(b"event: reload")
        times.append((time.monotonic() - t) * 1000)
        if b"event: reload" in wait(b"event: built"):
            changed += 1
        whole.append((time.monotonic() - t) * 1000)
        time.sleep(0.2)
    n = len(os.listdir(content))
    med = lambda xs: sorted(xs)[len(xs) // 2]
    print(f"{n} articles: startup (first build, until address printed) {startup*1000:.0f} ms")
    print(f"save to edited page reloaded, ms: {', '.join(f'{x:.0f}' for x in times)}; "
          f"median {med(times):.0f}")
    print(f"save to whole build done, ms: {', '.join(f'{x:.0f}' for x in whole)}; "
          f"median {med(whole):.0f}; it changed the preview {changed} of {a.runs} times")
finally:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    errlog.seek(0)
    err = errlog.read()
    shutil.rmtree(tmp, ignore_errors=True)
    sys.stderr.write("".join(err.splitlines(True)[-int(os.environ.get("TAIL", "3")):]))
