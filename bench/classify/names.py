#!/usr/bin/env python3
"""Derives src/main/resources/classify/first-names-intl.txt from gender-guesser 0.4.0's nam_dict.txt.

    bench/classify/generate.sh installs gender-guesser into the evaluation venv; then:
    $TIERGATE_CACHE/classify-eval-venv/bin/python bench/classify/names.py

nam_dict.txt (Jörg Michael, 2007-2008) is under the GNU FDL 1.2 or later, and so is the derived list
(header kept, licence text in src/main/resources/classify/GFDL-1.2.txt). Names only, lower case;
compound names ('+') and names with nam_dict's character codes ('<...>') are left out.
"""
import sys
from pathlib import Path

import gender_guesser

ROOT = Path(__file__).resolve().parents[2]
SOURCE = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
HEADER = """# First names of 55 countries from Jörg Michael's nam_dict.txt (2008), as shipped in the PyPI package
# gender-guesser 0.4.0 (gender_guesser/data/nam_dict.txt). Copyright (c) 2007-2008 Jörg MICHAEL.
# This list is derived from that file and is distributed under the GNU Free Documentation License,
# Version 1.2 or any later version (no Invariant Sections, no Front-Cover Texts, no Back-Cover
# Texts); see classify/GFDL-1.2.txt. Derived by bench/classify/names.py: names only (no gender or
# frequency columns), lower case, compound names (with '+') and names with encoded characters left out.
# Used by PersonDetector beside the US Census lists.
"""


def main():
    names = set()
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or len(line) < 30 or line.startswith("="):
            continue
        name = line[3:29].strip()
        if "+" in name or "<" in name or len(name) < 3 or not name[0].isupper():
            continue
        names.add(name.lower())
    out = ROOT / "src/main/resources/classify/first-names-intl.txt"
    out.write_text(HEADER + "\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
