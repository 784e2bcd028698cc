#!/usr/bin/env python3
"""Generate a JSON Lines corpus of a given size for entente's throughput runs.

The corpus is built only from the project's own stories: the regression set
(tests/fixtures/regression/stories.jsonl) and data/examples/* when present,
plus a few neutral connective sentences written for this script. It is not a
pile of copies: stories are cut into sentences, the sentences of each topic
(the id prefix, "coop", "trade", "amb", ...) are pooled, and every generated
story draws its own mix and order of sentences from one topic's pool, with a
fresh id, a date between 2000 and 2026 and a headline from the same topic.
Lengths vary from a few sentences to a long feature, around 1.5 KB on
average, so the corpus has the dense-but-varied look of a news feed.

Output is deterministic for a given seed and size.

Usage: gen_corpus.py SIZE_MB OUT [--seed N] [--root DIR]
(MB = 1,000,000 bytes; the file stops at the first story past the size.)
"""

import argparse
import datetime
import json
import os
import random
import re
import sys

# Sentences with no country, person or relation cue, as a feed has between
# the sentences that matter. Written for this script.
FILLER = [
    "Officials declined to give further details.",
    "The talks lasted about three hours, according to people familiar with the schedule.",
    "A joint statement was expected later in the day.",
    "Analysts said the outcome would depend on the coming weeks.",
    "The meeting took place behind closed doors.",
    "Reporters were not allowed into the hall.",
    "Markets showed little reaction to the news.",
    "Neither side published the full text of the document.",
    "The announcement came after months of preparation.",
    "Further rounds are planned before the end of the year.",
    "Both delegations included ministers and senior advisers.",
    "The ministry said the figures would be revised next month.",
    "Local media carried the remarks in full.",
    "Some observers called the step largely symbolic.",
    "The visit had been postponed twice.",
    "A spokesperson said more would be said in due course.",
    "Critics questioned whether the plan could be funded.",
    "The programme is expected to run for five years.",
    "Opposition lawmakers demanded a debate in parliament.",
    "Security was tight around the venue.",
    "Shares in shipping firms rose modestly.",
    "The details were first reported by a regional newspaper.",
    "Several diplomats attended as observers.",
    "The document runs to more than forty pages.",
    "Talks on the remaining issues will continue at expert level.",
    "Prices for the commodity have been volatile this year.",
    "The statement did not mention a timetable.",
    "Earlier drafts had been circulated among the participants.",
    "A press conference was held after the session.",
    "It was not immediately clear how the measures would be enforced.",
]

ABBREVIATIONS = {
    "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Sen.", "Rep.", "Gov.", "Lt.", "Col.",
    "St.", "Jan.", "Feb.", "Aug.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec.",
    "No.", "Prof.", "Sgt.", "Capt.", "Adm.", "Maj.", "Jr.", "Sr.", "vs.",
}
SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"\u201d\u2019')]))\s+(?=[\"\u201c(]?[A-Z0-9])")


def sentences(text):
    """Cuts text into sentences, keeping abbreviations and initials whole."""
    parts = [p.strip() for p in SPLIT.split(text.strip()) if p and p.strip()]
    out = []
    for part in parts:
        if out:
            last = out[-1].split()[-1]
            initial = re.fullmatch(r"(?:[A-Z]\.)+", last)
            if last in ABBREVIATIONS or initial:
                out[-1] = out[-1] + " " + part
                continue
        out.append(part)
    return out


def topic_of(story_id, fallback):
    m = re.match(r"([A-Za-z]+)", story_id or "")
    return m.group(1).lower() if m else fallback


def load_stories(root):
    """(topic, title, text) for every story of the project's own sources."""
    stories = []
    paths = [os.path.join(root, "tests", "fixtures", "regression", "stories.jsonl")]
    examples = os.path.join(root, "data", "examples")
    if os.path.isdir(examples):
        paths += sorted(os.path.join(examples, n) for n in os.listdir(examples))
    for path in paths:
        if not os.path.isfile(path):
            continue
        name = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            raw = f.read()
        if path.endswith((".jsonl", ".json")):
            records = json.loads(raw) if raw.lstrip().startswith("[") else [
                json.loads(line) for line in raw.splitlines() if line.strip()
            ]
            for r in records:
                text = r.get("text") or r.get("body") or ""
                if text.strip():
                    stories.append((topic_of(str(r.get("id", "")), name), r.get("title"), text))
        elif path.endswith((".txt", ".md")):
            title, text = plain_story(raw)
            if text.strip():
                stories.append(("examples", title, text))
    return stories


DATE_LINE = re.compile(r"^(?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}|\d{4}-\d{2}-\d{2}$)")


def plain_story(raw):
    """(title, body) of a plain or "story card" text file: dated lines and the
    tag are skipped; with a Story heading, only the body up to Opinions."""
    lines = [line.strip() for line in raw.splitlines()]
    content = [line for line in lines if line and not DATE_LINE.match(line)]
    title = content[0].lstrip("# ") if content else None
    if "Story" in lines:
        body = lines[lines.index("Story") + 1:]
        if "Opinions" in body:
            body = body[:body.index("Opinions")]
    else:
        body = content[1:]
    return title, " ".join(line for line in body if line)


def encoded(s):
    """The JSON string body of s (no quotes), so stories join without re-encoding."""
    return json.dumps(s, ensure_ascii=False)[1:-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("size_mb", type=float)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    args = ap.parse_args()

    stories = load_stories(args.root)
    if not stories:
        sys.exit("gen_corpus: no source stories found under " + args.root)
    pools, titles = {}, {}
    for topic, title, text in stories:
        pools.setdefault(topic, []).extend(encoded(s) for s in sentences(text))
        if title:
            titles.setdefault(topic, []).append(encoded(title))
    topics = sorted(pools)
    filler = [encoded(s) for s in FILLER]

    rng = random.Random(args.seed)
    first = datetime.date(2000, 1, 1).toordinal()
    span = datetime.date(2026, 12, 31).toordinal() - first + 1
    limit = int(args.size_mb * 1_000_000)
    written = 0
    n = 0
    with open(args.out, "w", encoding="utf-8") as f:
        buf = []
        while written < limit:
            n += 1
            topic = rng.choice(topics)
            pool = pools[topic]
            # Mostly short and medium stories, a few long ones.
            k = min(len(pool), max(2, int(rng.lognormvariate(2.0, 0.6))))
            body = rng.sample(pool, k)
            for _ in range(int(k * 0.4)):
                body.insert(rng.randrange(len(body) + 1), rng.choice(filler))
            date = datetime.date.fromordinal(first + rng.randrange(span)).isoformat()
            title = rng.choice(titles[topic]) if topic in titles and rng.random() < 0.9 else None
            head = '{"id": "%s-%08d", ' % (topic, n)
            if title is not None:
                head += '"title": "%s", ' % title
            line = '%s"date": "%s", "source": "entente synthetic corpus", "text": "%s"}\n' % (
                head, date, " ".join(body))
            buf.append(line)
            written += len(line.encode("utf-8"))
            if len(buf) >= 4096:
                f.write("".join(buf))
                buf.clear()
        f.write("".join(buf))
    print("gen_corpus: %d stories, %.1f MB, %d topics from %d source stories" % (
        n, written / 1e6, len(topics), len(stories)), file=sys.stderr)


if __name__ == "__main__":
    main()
