@echo off
setlocal DisableDelayedExpansion
chcp 65001 >nul
rem install.bat [TARGET]: hikinet {{VERSION}} into a virtual environment in TARGET
rem (default: the hikinet folder in the user's own folder). No administrator rights, no network:
rem every package comes from the wheels folder beside this file.
set "HERE=%~dp0"
set "TARGET=%~f1"
if "%~1"=="" set "TARGET=%USERPROFILE%\hikinet"

set "PYTHON="
py -{{PYTHON}} -c "import sys; sys.exit(0 if sys.maxsize > 2**32 else 1)" >nul 2>&1 && set "PYTHON=py -{{PYTHON}}"
if not defined PYTHON python -c "import sys; sys.exit(0 if sys.version_info[:2] == ({{PY_MAJOR}}, {{PY_MINOR}}) and sys.maxsize > 2**32 else 1)" >nul 2>&1 && set "PYTHON=python"
if not defined PYTHON goto nopython

echo hikinet をインストールします。インストール先:
echo   "%TARGET%"
echo 数分かかります。この画面を閉じずにお待ちください。
echo.
if not exist "%TARGET%" mkdir "%TARGET%" || goto failed
%PYTHON% -m venv "%TARGET%\venv" || goto failed
"%TARGET%\venv\Scripts\python.exe" -m pip install --disable-pip-version-check --no-index --find-links "%HERE%wheels" --upgrade hikinet-graph || goto failed
rem a bundle built again with the same version number: replace hikinet itself too
"%TARGET%\venv\Scripts\python.exe" -m pip install --disable-pip-version-check --no-index --find-links "%HERE%wheels" --force-reinstall --no-deps hikinet-graph || goto failed
copy /y "%HERE%hikinet-report.bat" "%TARGET%\hikinet-report.bat" >nul || goto failed
copy /y "%HERE%はじめに.txt" "%TARGET%\はじめに.txt" >nul 2>&1

echo.
echo インストールできました。
echo 報告書を作るには、Excel ブック (.xlsx) かデータのフォルダーを、次のファイルの上にドラッグ＆ドロップします:
echo   "%TARGET%\hikinet-report.bat"
echo デスクトップから使うには、このファイルを右クリックし「送る」→「デスクトップ (ショートカットを作成)」を選びます。
echo Installed. Drop a workbook or a data folder on "%TARGET%\hikinet-report.bat".
start "" "%TARGET%"
pause
exit /b 0

:nopython
echo Python {{PYTHON}} 64 ビット版が見つかりません。
echo はじめに.txt の「Python を入れる」の手順で、python.org の Python {{PYTHON}} を入れてから、もう一度実行してください。
echo 「Add python.exe to PATH」にチェックを入れるのを忘れずに。
echo Python {{PYTHON}} 64-bit was not found: install it from python.org first, see README-offline.txt.
pause
exit /b 1

:failed
echo.
echo インストールできませんでした。上のメッセージを係の人に見せてください。
echo The installation failed: show the messages above to whoever prepared this bundle.
pause
exit /b 1
