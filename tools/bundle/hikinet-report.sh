#!/bin/sh
# hikinet-report BOOK.xlsx|FOLDER: the report beside the data in <name>_報告, opened in the browser.
# The Linux twin of hikinet-report.bat: the work is done by python -m hikinet_graph.launch.
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec "$HERE/venv/bin/python" -m hikinet_graph.launch "$@"
