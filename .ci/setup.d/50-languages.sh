#!/usr/bin/env bash
# The HIS-language examples (examples/c, python, java, csharp, pascal) are compiled and run against
# the simulator by test/examples/languages.test.ts: Free Pascal (Delphi mode), mono's C# compiler
# and runtime, a JDK with Debian's JNA, Python 3. The C example needs only 10-build-tools.
set -euo pipefail
. "$(dirname "$0")/../lib/apt.sh"
need=()
command -v fpc >/dev/null 2>&1 || need+=(fpc)
command -v mcs >/dev/null 2>&1 || need+=(mono-mcs)
command -v mono >/dev/null 2>&1 || need+=(mono-runtime)
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
[ -f /usr/share/java/jna.jar ] || need+=(libjna-java)
command -v python3 >/dev/null 2>&1 || need+=(python3)
apt_install "${need[@]}"
