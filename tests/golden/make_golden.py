#!/usr/bin/env python3
"""Golden values for Phylo's similarity kernels, computed by the study's own tools.

Usage: python3 tests/golden/make_golden.py /work/shared/data/hf-families tests/golden/cards512.json
Needs python3-sklearn and python3-levenshtein (Debian: apt-get install -y python3-sklearn python3-levenshtein).

Corpus: every card of every hf-families/*.csv that has a `card` column (files in sorted name order, rows in
file order) with at least 512 code points whose lowercase contains neither "automatically generated" nor
"generated automatically", cut to its first 512 code points (SPEC §4's card genome).
Writes: per-document CRC32 of the text and of its analyzer output (to localize any disagreement), the
TfidfVectorizer(ngram_range=(1, 2), max_features=512) vocabulary and idf, and for a fixed sample of pairs the
TF-IDF cosine, the bag-of-words cosine (CountVectorizer over the same vocabulary) and the Levenshtein distance.
`vocabulary_stable` is the vocabulary a stable argsort would pick: sklearn's numpy quicksort argsort is not
stable, so the two can differ among terms tied at the max_features boundary.
"""
import csv
import glob
import json
import os
import random
import sys
import zlib

import Levenshtein
import numpy as np
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

PREFIX = 512


def cards(families_dir):
    csv.field_size_limit(sys.maxsize)
    for path in sorted(glob.glob(os.path.join(families_dir, "*.csv"))):
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            if "card" not in (reader.fieldnames or []):
                continue
            for row in reader:
                card = row["card"] or ""
                low = card.lower()
                if len(card) >= PREFIX and "automatically generated" not in low and "generated automatically" not in low:
                    yield card[:PREFIX]


def crc(text):
    return zlib.crc32(text.encode("utf-8"))


def main(families_dir, out_path):
    docs = list(cards(families_dir))
    n = len(docs)
    tfidf = TfidfVectorizer(ngram_range=(1, 2), max_features=512)
    X = tfidf.fit_transform(docs)
    vocab = tfidf.get_feature_names_out().tolist()
    bow = CountVectorizer(ngram_range=(1, 2), vocabulary=tfidf.vocabulary_)
    B = bow.fit_transform(docs)
    analyzer = tfidf.build_analyzer()

    # Does sklearn's (unstable quicksort) argsort keep the same terms as a stable one at the boundary?
    full = CountVectorizer(ngram_range=(1, 2))
    F = full.fit_transform(docs)
    terms = full.get_feature_names_out()
    tfs = np.asarray(F.sum(axis=0)).ravel()
    stable = sorted(terms[np.argsort(-tfs, kind="stable")[:512]].tolist())
    threshold = int(np.sort(tfs)[::-1][511]) if len(tfs) > 512 else 0

    rng = random.Random(20250712)
    pairs = [(i, i + 1) for i in range(0, n - 1, max(1, n // 300))][:300]  # neighbours: mostly one family
    while len(pairs) < 600:
        i, j = rng.randrange(n), rng.randrange(n)
        if i != j:
            pairs.append((i, j))
    ct = cosine_similarity(X)
    cb = cosine_similarity(B)
    rows = [[i, j, float(ct[i, j]), float(cb[i, j]), Levenshtein.distance(docs[i], docs[j])] for i, j in pairs]

    golden = {
        "about": "make_golden.py output; sklearn %s, python-Levenshtein, numpy %s" % (sklearn.__version__, np.__version__),
        "documents": n,
        "docs": [[crc(d), len(analyzer(d)), crc("\n".join(analyzer(d)))] for d in docs],
        "vocabulary": vocab,
        "vocabulary_stable": stable,
        "boundary_count": threshold,
        "boundary_ties": int((tfs == threshold).sum()) if threshold else 0,
        "idf": tfidf.idf_.tolist(),
        "pairs": rows,
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(golden, f, ensure_ascii=False, separators=(",", ":"))
    print("documents %d, vocabulary %d, stable-argsort vocabulary equal: %s, boundary count %d with %d ties, %d pairs"
          % (n, len(vocab), stable == vocab, threshold, golden["boundary_ties"], len(rows)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
