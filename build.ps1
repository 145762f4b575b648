#!/usr/bin/env pwsh
# Bootstrap of the VexFS build for PowerShell (NUKE's build.ps1; build.cmd hands over to it on Windows, and NUKE's
# global tool runs it there): find a .NET SDK that satisfies global.json, build build/ when its sources changed,
# then run it with every argument passed through. It does what build.sh does, on Windows or with pwsh elsewhere.
[CmdletBinding()]
param([Parameter(Position = 0, Mandatory = $false, ValueFromRemainingArguments = $true)][string[]]$BuildArguments)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

$BuildProjectFile = 'build/_build.csproj'
$BuildAssembly = 'build/bin/Debug/net10.0/_build.dll'
$TempDirectory = '.nuke/temp'
$BuildStamp = "$TempDirectory/build.stamp"
$Exe = if ($IsWindows -or $env:OS -eq 'Windows_NT') { 'dotnet.exe' } else { 'dotnet' }

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
$env:DOTNET_MULTILEVEL_LOOKUP = '0'

# global.json: "version": "M.m.B" with rollForward latestFeature accepts any M.m.x SDK with x >= B.
$Required = [version](Get-Content global.json -Raw | ConvertFrom-Json).sdk.version

function Test-Sdk([string]$Dotnet) {
    if (-not $Dotnet -or -not (Test-Path $Dotnet -PathType Leaf)) { return $false }
    foreach ($line in (& $Dotnet --list-sdks 2>$null)) {
        $version = ($line -split ' ')[0]
        if ($version -like '*-*') { continue } # prereleases are not allowed by global.json
        $v = [version]$version
        if ($v.Major -eq $Required.Major -and $v.Minor -eq $Required.Minor -and $v.Build -ge $Required.Build) { return $true }
    }
    return $false
}

$OnPath = Get-Command $Exe -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
$Candidates = @(
    $(if ($OnPath) { $OnPath.Source }),
    (Join-Path $PSScriptRoot "$TempDirectory/dotnet/$Exe"),
    $(if ($env:DOTNET_ROOT) { Join-Path $env:DOTNET_ROOT $Exe })
)
$Dotnet = $Candidates | Where-Object { $_ -and (Test-Sdk $_) } | Select-Object -First 1

if (-not $Dotnet) {
    $Channel = "$($Required.Major).$($Required.Minor)"
    [Console]::Error.WriteLine(@"
error: no .NET SDK $Channel.x (>= $Required, as global.json asks) was found on PATH,
in $TempDirectory/dotnet or in `$DOTNET_ROOT.

Install one of these ways, then run ./build.ps1 again:
  * Windows: winget install Microsoft.DotNet.SDK.$($Required.Major)
  * Debian/Ubuntu, from Microsoft's package feed (https://learn.microsoft.com/dotnet/core/install/linux-debian):
      sudo apt-get install dotnet-sdk-$Channel
  * Without root, into this repository (needs access to dot.net):
      & ([scriptblock]::Create((Invoke-RestMethod https://dot.net/v1/dotnet-install.ps1))) -Channel $Channel -InstallDir $TempDirectory/dotnet
  * An SDK elsewhere: set DOTNET_ROOT to its folder
"@)
    exit 1
}

# Rebuild build/ only when it or what it compiles from changed since the last successful bootstrap build.
function Test-NeedsBuild {
    if (-not (Test-Path $BuildAssembly) -or -not (Test-Path $BuildStamp)) { return $true }
    $stamp = (Get-Item $BuildStamp).LastWriteTimeUtc
    $inputs = @(Get-ChildItem build, src -Recurse -File -ErrorAction SilentlyContinue |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' -and ($_.FullName -match '[\\/]build[\\/]' -or $_.FullName -match '[\\/]src[\\/]Vexfs\.') })
    $inputs += @('Directory.Build.props', 'Directory.Packages.props', 'global.json', '.editorconfig' | Where-Object { Test-Path $_ } | Get-Item)
    return [bool]($inputs | Where-Object { $_.LastWriteTimeUtc -gt $stamp } | Select-Object -First 1)
}

if (Test-NeedsBuild) {
    New-Item -ItemType Directory -Force -Path $TempDirectory | Out-Null
    $started = [DateTime]::UtcNow
    & $Dotnet build $BuildProjectFile --nologo -v:quiet -clp:NoSummary -nodeReuse:false
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    New-Item -ItemType File -Force -Path $BuildStamp | Out-Null
    (Get-Item $BuildStamp).LastWriteTimeUtc = $started
}

& $Dotnet $BuildAssembly @BuildArguments
exit $LASTEXITCODE
