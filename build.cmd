:; set -eo pipefail
:; SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
:; exec "$SCRIPT_DIR/build.sh" "$@"
@echo off
rem Bootstrap of the VexFS build on Windows (NUKE-style; on Unix this file hands over to build.sh).
rem Needs a .NET SDK satisfying global.json on PATH, in .nuke\temp\dotnet or in DOTNET_ROOT.
setlocal
cd /d "%~dp0"
set DOTNET_CLI_TELEMETRY_OPTOUT=1
set DOTNET_NOLOGO=1
set DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
set DOTNET_MULTILEVEL_LOOKUP=0

set "DOTNET="
for %%D in (dotnet.exe) do if not "%%~$PATH:D"=="" set "DOTNET=%%~$PATH:D"
if not defined DOTNET if exist "%~dp0.nuke\temp\dotnet\dotnet.exe" set "DOTNET=%~dp0.nuke\temp\dotnet\dotnet.exe"
if not defined DOTNET if defined DOTNET_ROOT if exist "%DOTNET_ROOT%\dotnet.exe" set "DOTNET=%DOTNET_ROOT%\dotnet.exe"
if not defined DOTNET goto :nosdk

rem "dotnet --version" resolves through global.json and fails when no installed SDK satisfies it.
"%DOTNET%" --version >nul 2>&1 || goto :nosdk

"%DOTNET%" build build\_build.csproj --nologo -v:quiet -clp:NoSummary -nodeReuse:false || exit /b 1
"%DOTNET%" build\bin\Debug\net10.0\_build.dll %*
exit /b %ERRORLEVEL%

:nosdk
echo error: no .NET SDK satisfying global.json (10.0.100 or a later 10.0 feature band) was found. 1>&2
echo Install it with: winget install Microsoft.DotNet.SDK.10 1>&2
echo or: powershell -c "& ([scriptblock]::Create((irm https://dot.net/v1/dotnet-install.ps1))) -Channel 10.0 -InstallDir .nuke\temp\dotnet" 1>&2
echo or set DOTNET_ROOT to an SDK folder. 1>&2
exit /b 1
