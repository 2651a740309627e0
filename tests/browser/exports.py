#!/usr/bin/env python3
"""Checks the exports of a built dateline site with the Python stdlib only.

atom.xml and sitemap.xml and every articles/*.tml must parse as XML with
the expected roots; timeline.json must use TimelineJS3's fields; events.ics
must follow RFC 5545's line rules (CRLF, 75-octet folding, balanced
components, required properties). Usage: exports.py SITE_DIR
"""

import json
import pathlib
import sys
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
problems = []


def check_atom(site):
    root = ET.parse(site / "atom.xml").getroot()
    if root.tag != ATOM + "feed":
        problems.append(f"atom.xml: root is {root.tag}")
    for tag in ("id", "title", "updated"):
        if root.find(ATOM + tag) is None:
            problems.append(f"atom.xml: feed lacks <{tag}>")
    entries = root.findall(ATOM + "entry")
    for e in entries:
        for tag in ("id", "title", "updated"):
            if e.find(ATOM + tag) is None:
                problems.append(f"atom.xml: entry lacks <{tag}>")
        link = e.find(ATOM + "link")
        if link is None or not link.get("href", "").startswith(("http://", "https://")):
            problems.append("atom.xml: entry link is not absolute")
    return len(entries)


def check_json(site):
    data = json.loads((site / "timeline.json").read_text("utf-8"))
    allowed_date = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date", "format"}
    allowed_slide = {"start_date", "end_date", "text", "media", "group", "display_date", "background", "autolink", "unique_id"}
    events = data.get("events")
    if not isinstance(events, list):
        problems.append("timeline.json: no events list")
        return 0
    ids = set()
    for i, e in enumerate(events):
        extra = set(e) - allowed_slide
        if extra:
            problems.append(f"timeline.json: event {i} has unknown fields {extra}")
        sd = e.get("start_date")
        if not isinstance(sd, dict) or not isinstance(sd.get("year"), int):
            problems.append(f"timeline.json: event {i} lacks start_date.year")
            continue
        for d in (sd, e.get("end_date") or {}):
            if set(d) - allowed_date:
                problems.append(f"timeline.json: event {i} date fields {set(d) - allowed_date}")
            if "month" in d and not 1 <= d["month"] <= 12:
                problems.append(f"timeline.json: event {i} month {d['month']}")
        text = e.get("text", {})
        if not isinstance(text.get("headline"), str) or not isinstance(text.get("text"), str):
            problems.append(f"timeline.json: event {i} text")
        uid = e.get("unique_id")
        if uid in ids:
            problems.append(f"timeline.json: duplicate unique_id {uid}")
        ids.add(uid)
    return len(events)


def check_ics(site):
    raw = (site / "events.ics").read_bytes()
    if not raw.endswith(b"\r\n"):
        problems.append("events.ics: does not end with CRLF")
    lines = []
    for n, line in enumerate(raw[:-2].split(b"\r\n"), 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"events.ics:{n}: bare line break")
        if len(line) > 75:
            problems.append(f"events.ics:{n}: {len(line)} octets")
        if line.startswith(b" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    lines = [l.decode("utf-8") for l in lines]
    stack = []
    events = 0
    props = set()
    for l in lines:
        name, _, value = l.partition(":")
        if name == "BEGIN":
            stack.append(value)
            props = set()
        elif name == "END":
            if not stack or stack.pop() != value:
                problems.append(f"events.ics: unbalanced END:{value}")
            if value == "VEVENT":
                events += 1
                for p in ("UID", "DTSTAMP", "DTSTART"):
                    if p not in props:
                        problems.append(f"events.ics: VEVENT lacks {p}")
        else:
            props.add(name.split(";")[0])
    if stack:
        problems.append(f"events.ics: unclosed {stack}")
    if lines[:2] != ["BEGIN:VCALENDAR", "VERSION:2.0"]:
        problems.append("events.ics: must open with BEGIN:VCALENDAR, VERSION:2.0")
    return events


def check_xml(site):
    root = ET.parse(site / "sitemap.xml").getroot()
    if root.tag != "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset":
        problems.append("sitemap.xml: root")
    n = 0
    for tml in sorted((site / "articles").glob("*.tml")):
        r = ET.parse(tml).getroot()
        if r.tag != "TimeML" or r.find("DCT/TIMEX3") is None or r.find("TEXT") is None:
            problems.append(f"{tml.name}: not TimeML")
        n += 1
    return len(root), n


def main():
    site = pathlib.Path(sys.argv[1])
    entries = check_atom(site)
    events = check_json(site)
    ics = check_ics(site)
    urls, tml = check_xml(site)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"exports: {len(problems)} problem(s)", file=sys.stderr)
        sys.exit(1)
    print(f"exports ok: atom {entries} entries, timeline.json {events} events, "
          f"events.ics {ics} events, sitemap {urls} urls, {tml} TimeML files")


if __name__ == "__main__":
    main()
