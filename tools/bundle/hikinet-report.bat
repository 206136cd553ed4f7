@echo off
setlocal DisableDelayedExpansion
chcp 65001 >nul
rem hikinet-report.bat: drop an Excel workbook (.xlsx) or a data folder on this file.
rem The work is done in Python (python -m hikinet_graph.launch, tested with hikinet); this file only
rem finds the environment's python beside it and passes the dropped path once, quoted.
rem
rem Explorer quotes a dropped path only when it holds a space, so cmd cuts an unquoted path such as
rem a&b.xlsx at the "&". cmd's own command line, read with delayed expansion (which does not parse
rem it), lets the Python side recover such a path; delayed expansion is off everywhere else, so that
rem a "!" in a path stays as it is.
setlocal EnableDelayedExpansion
set "HIKINET_CMDLINE=!cmdcmdline!"
setlocal DisableDelayedExpansion
set "HIKINET_LAUNCHER=%~f0"
if not exist "%~dp0venv\Scripts\python.exe" goto noenv
"%~dp0venv\Scripts\python.exe" -m hikinet_graph.launch "%~1"
set "CODE=%ERRORLEVEL%"
rem 0: the report is open in the browser. 1: an error, nothing written. 2: written, with something
rem to read. 70: a bug in hikinet. Keep the window open until a key is pressed, so it can be read.
if not "%CODE%"=="0" pause
goto end

:noenv
echo hikinet がこのフォルダーにはインストールされていません。
echo 先に install.bat を実行し、インストール先のフォルダー
echo ふつうは C:\Users\あなたの名前\hikinet の hikinet-report.bat にドロップしてください。
echo hikinet is not installed beside this file: run install.bat, then use the installed hikinet-report.bat.
pause
set "CODE=1"

:end
rem Started by Explorer (cmd /c ...): end cmd itself, so that the rest of a cut path never runs as a command.
setlocal EnableDelayedExpansion
if /i not "!cmdcmdline:/c =!"=="!cmdcmdline!" exit !CODE!
exit /b %CODE%
