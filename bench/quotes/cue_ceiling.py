#!/usr/bin/env python3
"""How far a cue lexicon learned from PolNeAR train could take quote recall on dev.

For every word of PolNeAR train, how often it is (part of) an annotated cue against how often it
occurs at all. The words that are cues at least RATE of the time, and at least three times, are
the lexicon a rule-based extractor could learn. Then, for the dev attributions that NewsBite's
quotes miss, how many have a cue with a word of that lexicon: the most that lexicon could add to
recall, if every such miss were found with no false quote at all.

Usage (from the repository root, with the shared data beside it):

    cargo run -q --release -p newsbite-analyze --example dump_analyses -- \
        ../shared/bench/quotes/polnear/dev/text > /tmp/dev.tsv
    python3 bench/quotes/cue_ceiling.py /tmp/dev.tsv [RATE ...]

A dev attribution counts as found when some quote of its article shares most of its words (a
looser test than `newsbite-eval quotes`, which scores overlap by character: this one errs on the
side of counting a miss as found, so the ceiling it gives is, if anything, high).
"""

import collections
import json
import os
import re
import sys

POLNEAR = os.path.join(os.path.dirname(__file__), "../../../shared/bench/quotes/polnear")


def words(text):
    return re.findall(r"[A-Za-z']+", text.lower())


def attributions(split):
    """Yields (text key, file text, [(cue text, content text)]) for each annotation file."""
    base = os.path.join(POLNEAR, split)
    for name in sorted(os.listdir(os.path.join(base, "attributions"))):
        key = name[:-4].rsplit("_", 1)[0]
        path = os.path.join(base, "text", key + ".txt")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        spans, pairs = {}, []
        with open(os.path.join(base, "attributions", name), encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if cols[0].startswith("T") and len(cols) > 2:
                    spans[cols[0]] = cols[2]
                elif cols[0].startswith("E") and len(cols) > 1:
                    args = dict(a.split(":", 1) for a in cols[1].split(" ")[1:] if ":" in a)
                    content = spans.get(args.get("Content", ""), "")
                    if content:
                        pairs.append((spans.get(args.get("Cue", ""), ""), content))
        yield key, text, pairs


def lexicon(rate):
    cue, seen = collections.Counter(), collections.Counter()
    for _, text, pairs in attributions("train"):
        seen.update(words(text))
        for c, _ in pairs:
            cue.update(words(c))
    return {w for w, n in cue.items() if n >= 3 and n / max(seen[w], n) >= rate}


def found(content, quotes):
    norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()
    g = norm(content)
    gw = set(g.split())
    for q in quotes:
        p = norm(q)
        pw = set(p.split())
        shared = len(gw & pw)
        if shared >= max(2, min(len(gw), len(pw)) // 2) and (
            p[:25] in g or g[:25] in p or shared >= 0.6 * len(gw)
        ):
            return True
    return False


def main():
    dump = sys.argv[1]
    rates = [float(r) for r in sys.argv[2:]] or [0.2, 0.3, 0.4, 0.6]
    quotes = {}
    with open(dump, encoding="utf-8") as f:
        for line in f:
            path, analysis = line.rstrip("\n").split("\t", 1)
            key = os.path.basename(path).split("#")[0][:-4]
            quotes[key] = [q["text"] for q in json.loads(analysis)["quotes"]]
    misses, total = [], 0
    for key, _, pairs in attributions("dev"):
        if key not in quotes:
            continue
        for cue, content in pairs:
            total += 1
            if not found(content, quotes[key]):
                misses.append(cue)
    print(f"dev attributions: {total}; found by no quote: {len(misses)}")
    print("| cue rate at least | lexicon words | misses with a lexicon cue | recall gain at most |")
    print("|---:|---:|---:|---:|")
    for rate in rates:
        lex = lexicon(rate)
        reach = sum(1 for c in misses if any(w in lex for w in words(c)))
        print(f"| {rate:.1f} | {len(lex)} | {reach} | {reach / total:.3f} |")


if __name__ == "__main__":
    main()
