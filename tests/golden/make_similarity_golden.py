#!/usr/bin/env python3
"""Golden values for Phylo's similarity genomes on the real crawls, computed the way the study computed them.

Usage (Debian: apt-get install -y python3-sklearn python3-levenshtein; scikit-learn 1.2.1, numpy 1.24):
    PHYLO_REAL_DATA=/path/to/data /usr/bin/python3 tests/golden/make_similarity_golden.py tests/golden/similarity-real.json

Reads $PHYLO_REAL_DATA/hf-families/*.csv (the data is not in the repository). The models are those Phylo keeps:
files in sorted name order, rows in file order, the first row of each model id (the crawl's model_id column, Hub
URLs stripped to owner/name), rows whose metadata is not a JSON object (the failed crawls' "N/A") left out.

Card genome (docs/definitions.md, "Similarity genomes"): a model whose card has at least 512 code points and whose
lowercased card contains neither "automatically generated" nor "generated automatically"; the genome is the card's
first 512 code points. The card vectorizers are fitted on those genomes only, one per model — exactly the corpus the
study fitted (its 618,531 clean cards, here the crawls' share of them).

Metadata genome: the Python repr of the model's Hub list record rebuilt from the crawl's metadata (keys _id, id,
likes, trendingScore, private, downloads, tags, pipeline_tag, library_name, createdAt, modelId in that order, a key
left out when the crawl has None for it); fitted on every model.

Both with TfidfVectorizer / CountVectorizer(ngram_range=(1, 2), max_features=512), all else default: the vocabulary
is sklearn's own choice, so terms tied at the cut are the ones numpy's unstable argsort keeps (Phylo's
`--tie-break numpy`). `vocabulary_stable` is what a stable argsort would keep (Phylo's lexicographic).

Edges: every parent named by a `base_model:` tag or by cardData.base_model (cardData an object or a YAML string)
that is itself a kept model. Per edge the
TF-IDF and bag-of-words cosines (sklearn cosine_similarity) and python-Levenshtein's normalized similarity, for both
genomes (null where a model has no card genome).
"""
import csv
import glob
import json
import os
import sys
import zlib
from datetime import datetime, timezone

import Levenshtein
import yaml
import numpy as np
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

PREFIX = 512
HOSTS = ("https://huggingface.co/", "http://huggingface.co/", "https://www.huggingface.co/", "https://hf.co/")


def normalize(model_id):
    model_id = (model_id or "").strip()
    for host in HOSTS:
        if model_id.lower().startswith(host):
            model_id = model_id[len(host):]
            parts = [p for p in model_id.split("/") if p]
            model_id = "/".join(parts[:2]) if len(parts) >= 2 and parts[1] not in ("tree", "blob", "resolve") else parts[0]
            break
    return model_id


def models(families_dir):
    csv.field_size_limit(sys.maxsize)
    seen = {}
    for path in sorted(glob.glob(os.path.join(families_dir, "*.csv"))):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                try:
                    meta = json.loads(row.get("metadata") or "")
                except ValueError:
                    continue
                if not isinstance(meta, dict):
                    continue
                model_id = normalize(row.get("model_id")) or normalize(meta.get("id") or meta.get("modelId"))
                if model_id and model_id not in seen:
                    seen[model_id] = (meta, row.get("card"))
    return seen


def card_genome(card):
    if card is None:
        return None
    low = card.lower()
    if len(card) < PREFIX or "automatically generated" in low or "generated automatically" in low:
        return None
    return card[:PREFIX]


def created_at(meta):
    text = meta.get("createdAt") or meta.get("created_at")
    if not text:
        return None
    t = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def record(model_id, meta):
    """The /api/models list record as the study's fullJson held it; keys the crawl has as None are left out."""
    r = {}
    if meta.get("_id"):
        r["_id"] = meta["_id"]
    r["id"] = model_id
    r["likes"] = int(meta.get("likes") or 0)
    trending = meta.get("trendingScore", meta.get("trending_score"))
    if trending is not None:
        r["trendingScore"] = int(trending)
    if meta.get("private") is not None:
        r["private"] = bool(meta["private"])
    r["downloads"] = int(meta.get("downloads") or 0)
    r["tags"] = [t for t in (meta.get("tags") or []) if t]
    if meta.get("pipeline_tag"):
        r["pipeline_tag"] = meta["pipeline_tag"]
    if meta.get("library_name"):
        r["library_name"] = meta["library_name"]
    if created_at(meta):
        r["createdAt"] = created_at(meta)
    r["modelId"] = model_id
    return repr(r)


def parents(meta):
    found = []
    for tag in meta.get("tags") or []:
        if tag.startswith("base_model:"):
            found.append(normalize(tag.split(":")[-1]) if tag.count(":") >= 2 else normalize(tag[len("base_model:"):]))
    card_data = meta.get("cardData") if meta.get("cardData") is not None else meta.get("card_data")
    if isinstance(card_data, str):
        try:
            card_data = yaml.safe_load(card_data)
        except yaml.YAMLError:
            card_data = None
    if isinstance(card_data, dict):
        base = card_data.get("base_model")
        for b in base if isinstance(base, list) else [base]:
            if isinstance(b, str) and b.strip():
                found.append(normalize(b))
    return found


def fit(docs):
    tfidf = TfidfVectorizer(ngram_range=(1, 2), max_features=512)
    X = tfidf.fit_transform(docs)
    bow = CountVectorizer(ngram_range=(1, 2), vocabulary=tfidf.vocabulary_)
    B = bow.fit_transform(docs)
    full = CountVectorizer(ngram_range=(1, 2))
    F = full.fit_transform(docs)
    terms = full.get_feature_names_out()
    tfs = np.asarray(F.sum(axis=0)).ravel()
    stable = sorted(terms[np.argsort(-tfs, kind="stable")[:512]].tolist())
    return tfidf, X, B, stable


def crc(text):
    return zlib.crc32(text.encode("utf-8"))


def levenshtein(a, b):
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return 1 - Levenshtein.distance(a, b) / max(len(a), len(b))


def main(out_path):
    data = os.environ.get("PHYLO_REAL_DATA")
    if not data:
        sys.exit("set PHYLO_REAL_DATA to the directory holding hf-families/")
    kept = models(os.path.join(data, "hf-families"))
    ids = list(kept)
    cards = {m: card_genome(kept[m][1]) for m in ids}
    card_ids = [m for m in ids if cards[m] is not None]
    records = {m: record(m, kept[m][0]) for m in ids}

    card_tfidf, CX, CB, card_stable = fit([cards[m] for m in card_ids])
    analyzer = card_tfidf.build_analyzer()
    meta_tfidf, MX, MB, meta_stable = fit([records[m] for m in ids])
    card_row = {m: i for i, m in enumerate(card_ids)}
    meta_row = {m: i for i, m in enumerate(ids)}

    def cos(M, i, j):
        return float(cosine_similarity(M[i], M[j])[0, 0])

    edges = []
    for child in ids:
        for parent in dict.fromkeys(parents(kept[child][0])):
            if parent not in kept or parent == child:
                continue
            row = [parent, child]
            if parent in card_row and child in card_row:
                i, j = card_row[parent], card_row[child]
                row += [cos(CX, i, j), cos(CB, i, j), levenshtein(cards[parent], cards[child])]
            else:
                row += [None, None, None]
            i, j = meta_row[parent], meta_row[child]
            row += [cos(MX, i, j), cos(MB, i, j), levenshtein(records[parent], records[child])]
            edges.append(row)

    golden = {
        "about": "make_similarity_golden.py output; scikit-learn %s, numpy %s, python-Levenshtein" % (sklearn.__version__, np.__version__),
        "models": len(ids),
        "card": {
            "documents": len(card_ids),
            "vocabulary": card_tfidf.get_feature_names_out().tolist(),
            "vocabulary_stable": card_stable,
            "idf": card_tfidf.idf_.tolist(),
            "docs": {m: [crc(cards[m]), len(analyzer(cards[m])), crc("\n".join(analyzer(cards[m])))] for m in card_ids},
        },
        "metadata": {
            "documents": len(ids),
            "vocabulary": meta_tfidf.get_feature_names_out().tolist(),
            "vocabulary_stable": meta_stable,
            "docs": {m: [crc(records[m]), len(records[m])] for m in ids},
        },
        "edges": edges,
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(golden, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"{len(ids)} models, {len(card_ids)} card genomes, {len(edges)} edges "
          f"({sum(1 for e in edges if e[2] is not None)} with two card genomes) -> {out_path}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/golden/similarity-real.json")
