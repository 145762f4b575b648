:; set -e
:; SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
:; exec "$SCRIPT_DIR/build.sh" "$@"
@echo off
rem Bootstrap of the VexFS build on Windows, as in NUKE: hands over to build.ps1 (on Unix this file runs build.sh).
powershell -ExecutionPolicy ByPass -NoProfile -File "%~dp0build.ps1" %*
exit /b %ERRORLEVEL%
