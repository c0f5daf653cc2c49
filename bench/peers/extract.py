#!/usr/bin/env python3
"""Runs a Python peer of NewsBite's extraction benchmark (started by `newsbite-eval extraction`).

Protocol (shared with extract.js and the Rust tools of newsbite-eval): read every page of the set
in --data (ground-truth.json for ids and URLs, html/<id>.html.gz for the pages) into memory,
then extract all pages single-threaded in passes (at least --repeat, and more until
--min-seconds have been timed, at most 50), timing only the extraction (text out included), and
write JSON to --out:
    {"tool", "version", "pages", "seconds": [per pass], "texts": {id: text}, "errors": {id: msg}}
Texts and errors are those of the first pass. Scoring is done by newsbite-eval, not here.

Tools:
  trafilatura       trafilatura.extract(html, url=..., include_comments=False), plain text
                    (the options of the benchmark's own runner: comments are not the article).
  readability-lxml  readability.Document(html, url=...).summary(html_partial=True), turned into
                    text with a line break around each block element.
"""

import argparse
import gzip
import importlib.metadata
import json
import sys
import time
from pathlib import Path

# Elements after which text does not run on (a line break is put around them).
BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)


def load_pages(data):
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        with gzip.open(data / "html" / f"{page_id}.html.gz", "rb") as f:
            html = f.read().decode("utf-8", errors="replace")
        pages.append((page_id, truth[page_id].get("url") or None, html))
    return pages


def block_text(root):
    """The text of an lxml tree, with a line break around block elements."""
    parts = []

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag.lower() in BLOCKS
        if block:
            parts.append("\n")
        if tag and el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(root)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def trafilatura_tool():
    import trafilatura

    def run(html, url):
        return trafilatura.extract(html, url=url, include_comments=False) or ""

    return importlib.metadata.version("trafilatura"), run


def readability_lxml_tool():
    import lxml.html
    from readability import Document

    def run(html, url):
        summary = Document(html, url=url).summary(html_partial=True)
        if not summary.strip():
            return ""
        return block_text(lxml.html.fromstring(summary))

    return importlib.metadata.version("readability-lxml"), run


MAX_PASSES = 50

TOOLS = {"trafilatura": trafilatura_tool, "readability-lxml": readability_lxml_tool}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", required=True, choices=sorted(TOOLS))
    parser.add_argument("--data", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--min-seconds", type=float, default=0.0)
    args = parser.parse_args()

    version, extract = TOOLS[args.tool]()
    pages = load_pages(args.data)
    output = {"tool": args.tool, "version": version, "pages": len(pages), "seconds": [],
              "texts": {}, "errors": {}}
    n = 0
    while n < max(1, args.repeat) or (sum(output["seconds"]) < args.min_seconds and n < MAX_PASSES):
        results = []
        start = time.perf_counter()
        for page_id, url, html in pages:
            try:
                results.append((page_id, extract(html, url), None))
            except Exception as e:  # a peer's failure on one page is that page's error
                results.append((page_id, None, f"{type(e).__name__}: {e}"))
        output["seconds"].append(time.perf_counter() - start)
        if n == 0:
            for page_id, text, error in results:
                if error is None:
                    output["texts"][page_id] = text
                else:
                    output["errors"][page_id] = error
        n += 1
    args.out.write_text(json.dumps(output, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
