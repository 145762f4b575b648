#!/usr/bin/env bash
# Bootstrap of the VexFS build (NUKE-style): find a .NET SDK that satisfies global.json, build build/ when its
# sources changed, then run it with every argument passed through. `./build.sh --help` lists targets and
# parameters; no argument runs the default target (HostCheck).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$SCRIPT_DIR"

BUILD_PROJECT_FILE="build/_build.csproj"
BUILD_ASSEMBLY="build/bin/Debug/net10.0/_build.dll"
TEMP_DIRECTORY=".nuke/temp"
BUILD_STAMP="$TEMP_DIRECTORY/build.stamp"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_MULTILEVEL_LOOKUP=0

# global.json: "version": "M.m.B" with rollForward latestFeature accepts any M.m.x SDK with x >= B.
REQUIRED="$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([0-9.]*\)".*/\1/p' global.json | head -n 1)"
IFS=. read -r REQ_MAJOR REQ_MINOR REQ_PATCH <<<"$REQUIRED"

sdk_satisfies() {
    local dotnet="$1" version major minor patch
    [[ -x "$dotnet" ]] || return 1
    while read -r version _; do
        [[ "$version" == *-* ]] && continue # prereleases are not allowed by global.json
        IFS=. read -r major minor patch <<<"$version"
        if ((major == REQ_MAJOR && minor == REQ_MINOR && patch >= REQ_PATCH)); then
            return 0
        fi
    done < <("$dotnet" --list-sdks 2>/dev/null)
    return 1
}

DOTNET=""
for candidate in "$(command -v dotnet || true)" "$SCRIPT_DIR/$TEMP_DIRECTORY/dotnet/dotnet" "${DOTNET_ROOT:+$DOTNET_ROOT/dotnet}"; do
    if [[ -n "$candidate" ]] && sdk_satisfies "$candidate"; then
        DOTNET="$candidate"
        break
    fi
done

if [[ -z "$DOTNET" ]]; then
    cat >&2 <<MSG
error: no .NET SDK ${REQ_MAJOR}.${REQ_MINOR}.x (>= ${REQUIRED}, as global.json asks) was found on PATH,
in ${TEMP_DIRECTORY}/dotnet or in \$DOTNET_ROOT.

Install one of these ways, then run ./build.sh again:
  * Debian/Ubuntu, from Microsoft's package feed (https://learn.microsoft.com/dotnet/core/install/linux-debian):
      sudo apt-get install dotnet-sdk-${REQ_MAJOR}.${REQ_MINOR}
  * Without root, into this repository (needs access to dot.net):
      curl -sSL https://dot.net/v1/dotnet-install.sh -o ${TEMP_DIRECTORY}/dotnet-install.sh
      bash ${TEMP_DIRECTORY}/dotnet-install.sh --channel ${REQ_MAJOR}.${REQ_MINOR} --install-dir ${TEMP_DIRECTORY}/dotnet
  * An SDK elsewhere: export DOTNET_ROOT=/path/to/dotnet
MSG
    exit 1
fi

# The SDK aborts with a stack trace when ICU is missing (a minimal Debian has none); say which package instead.
LDCONFIG="$(command -v ldconfig || echo /sbin/ldconfig)"
if [[ "${DOTNET_SYSTEM_GLOBALIZATION_INVARIANT:-}" != 1 && "${DOTNET_SYSTEM_GLOBALIZATION_INVARIANT:-}" != true ]] \
    && LIBS="$("$LDCONFIG" -p 2>/dev/null)" && [[ "$LIBS" != *libicuuc.so* ]]; then
    cat >&2 <<MSG
error: the .NET SDK needs ICU, and this system has no libicu. Install it (and the CA certificates NuGet needs):
  Debian 12: sudo apt-get install libicu72 ca-certificates
  Debian 13: sudo apt-get install libicu76 ca-certificates
MSG
    exit 1
fi

# Rebuild build/ only when it or what it compiles from changed since the last successful bootstrap build.
needs_build() {
    [[ -f "$BUILD_ASSEMBLY" && -f "$BUILD_STAMP" ]] || return 0
    local changed
    changed="$(find build src/Vexfs.* Directory.Build.props Directory.Packages.props global.json .editorconfig \
        \( -name bin -o -name obj \) -prune -o -type f -newer "$BUILD_STAMP" -print -quit 2>/dev/null)"
    [[ -n "$changed" ]]
}

if needs_build; then
    mkdir -p "$TEMP_DIRECTORY"
    # A stamp of this process's own: two bootstraps at once in one checkout must not take each other's.
    stamp_new="$BUILD_STAMP.$$"
    touch "$stamp_new"
    # 125: for `git bisect run`, a commit whose build/ does not compile is one the kit cannot judge (skipped).
    if ! "$DOTNET" build "$BUILD_PROJECT_FILE" --nologo -v:quiet -clp:NoSummary -nodeReuse:false; then
        echo "error: build/ did not compile (exit 125: the kit cannot judge this commit)" >&2
        rm -f "$stamp_new"
        exit 125
    fi
    mv "$stamp_new" "$BUILD_STAMP"
fi

exec "$DOTNET" "$BUILD_ASSEMBLY" "$@"
