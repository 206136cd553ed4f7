#!/bin/sh
# install.sh [TARGET]: hikinet {{VERSION}} into a virtual environment in TARGET (default: ~/hikinet).
# No administrator rights, no network: every package comes from the wheels folder beside this file.
# PYTHON=/path/to/python{{PYTHON}} chooses the interpreter.
set -eu
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
TARGET=${1:-"$HOME/hikinet"}
case "$TARGET" in /*) ;; *) TARGET="$(pwd)/$TARGET" ;; esac

PY=
for candidate in "${PYTHON:-}" python{{PYTHON}} python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c "import sys; sys.exit(sys.version_info[:2] != ({{PY_MAJOR}}, {{PY_MINOR}}))" 2>/dev/null; then
        PY=$candidate
        break
    fi
done
if [ -z "$PY" ]; then
    echo "Python {{PYTHON}} が見つかりません。Python {{PYTHON}} を入れるか、PYTHON=/path/to/python{{PYTHON}} を指定してください。" >&2
    echo "(Python {{PYTHON}} not found: install it, or set PYTHON=/path/to/python{{PYTHON}})" >&2
    exit 1
fi

echo "hikinet をインストールします: $TARGET"
mkdir -p "$TARGET"
if ! "$PY" -m venv "$TARGET/venv"; then
    echo "仮想環境を作れません (Debian/Ubuntu では python{{PYTHON}}-venv が必要です) (cannot create a virtual environment)" >&2
    exit 1
fi
"$TARGET/venv/bin/python" -m pip install --disable-pip-version-check --no-index --find-links "$HERE/wheels" \
    --upgrade hikinet-graph
# a bundle built again with the same version number: replace hikinet itself too
"$TARGET/venv/bin/python" -m pip install --disable-pip-version-check --no-index --find-links "$HERE/wheels" \
    --force-reinstall --no-deps hikinet-graph
cp "$HERE/hikinet-report.sh" "$TARGET/hikinet-report"
chmod +x "$TARGET/hikinet-report"

echo
echo "インストールできました (installed)."
echo "  報告書: \"$TARGET/hikinet-report\" ブック.xlsx (またはデータのフォルダー)"
echo "  コマンド: \"$TARGET/venv/bin/hikinet\" report data -o 出力フォルダー"
