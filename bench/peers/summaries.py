"""Peers and scoring for `newsbite-eval summaries` (BBC News Summary).

Reads the JSON lines that `newsbite-eval summaries` writes, one article per line:
    {"id": "business/001", "split": "train"|"test", "text": <article body, paragraphs
     separated by empty lines, without the title>, "reference": <reference summary>,
     "ours": [<NewsBite's bite sentences>]}
runs the peers on each article's text (Lead-3, LexRank and TextRank from sumy), scores every
system with Google's `rouge-score` (ROUGE-1, ROUGE-2, ROUGE-Lsum F1, Porter stemming on), and
prints one table (Markdown) per split, plus JSON on request.

sumy's default tokenizer needs NLTK data that cannot be downloaded here, so every peer gets
NLTK's untrained Punkt sentence splitter and the Treebank word tokenizer instead.

The references are article sentences run together without spaces ("...$10.9bn.For the
full-year..."). ROUGE-1/2 do not mind (rouge-score splits tokens on any non-alphanumeric
character), but ROUGE-Lsum needs the sentences one per line: a reference is cut wherever a
sentence end (. ! ?, possibly followed by a closing quote) runs straight into a capital letter or
an opening quote.
"""

import argparse
import json
import re
import sys

from nltk.tokenize import TreebankWordTokenizer
from nltk.tokenize.punkt import PunktSentenceTokenizer
from rouge_score import rouge_scorer
from sumy.nlp.stemmers import Stemmer
from sumy.nlp.tokenizers import Tokenizer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words


class OfflineTokenizer(Tokenizer):
    """sumy's English tokenizer with NLTK pieces that need no downloaded data."""

    def __init__(self):  # noqa: super().__init__ would load Punkt data
        self._language = "english"
        self._sentence_tokenizer = PunktSentenceTokenizer()
        self._word_tokenizer = TreebankWordTokenizer()


RUN_TOGETHER = re.compile(r"(?<=[.!?])(?=[A-Z\"“‘'])|(?<=[.!?][\"”’'])(?=[A-Z])")


def reference_sentences(reference):
    return [s.strip() for s in RUN_TOGETHER.split(reference) if s.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input", help="JSON lines from newsbite-eval summaries")
    ap.add_argument("--sentences", type=int, default=3)
    ap.add_argument("--json", help="write the scores here as JSON")
    args = ap.parse_args()

    tokenizer = OfflineTokenizer()
    stemmer = Stemmer("english")
    stop = get_stop_words("english")
    lexrank = LexRankSummarizer(stemmer)
    lexrank.stop_words = stop
    textrank = TextRankSummarizer(stemmer)
    textrank.stop_words = stop
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)

    systems = ["NewsBite", "Lead-3", "LexRank", "TextRank"]
    metrics = ["rouge1", "rouge2", "rougeLsum"]
    sums = {}  # (split, system) -> [sum r1, r2, rlsum]
    counts = {}
    n = 0
    with open(args.input, encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            doc = PlaintextParser.from_string(item["text"], tokenizer).document
            k = args.sentences
            outputs = {
                "NewsBite": item["ours"],
                "Lead-3": [str(s) for s in doc.sentences[:k]],
                "LexRank": [str(s) for s in lexrank(doc, k)],
                "TextRank": [str(s) for s in textrank(doc, k)],
            }
            ref = "\n".join(reference_sentences(item["reference"]))
            for split in ("all", item["split"]):
                counts[split] = counts.get(split, 0) + 1
                for system in systems:
                    scores = scorer.score(ref, "\n".join(outputs[system]))
                    acc = sums.setdefault((split, system), [0.0, 0.0, 0.0])
                    for i, m in enumerate(metrics):
                        acc[i] += scores[m].fmeasure
            n += 1
            if n % 250 == 0:
                print(f"scored {n} articles", file=sys.stderr)

    result = {}
    for split in ("all", "test", "train"):
        if split not in counts:
            continue
        c = counts[split]
        print(f"\n{split}: {c} articles, {args.sentences} sentences, ROUGE F1 x 100 (rouge-score, stemming on)\n")
        print("| system | ROUGE-1 | ROUGE-2 | ROUGE-Lsum |")
        print("|---|---:|---:|---:|")
        for system in systems:
            acc = sums[(split, system)]
            vals = [100.0 * v / c for v in acc]
            result.setdefault(split, {})[system] = dict(zip(metrics, vals))
            print(f"| {system} | {vals[0]:.1f} | {vals[1]:.1f} | {vals[2]:.1f} |")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"articles": counts, "scores": result}, f, indent=1)


if __name__ == "__main__":
    main()
