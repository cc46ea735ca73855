#!/usr/bin/env bash
# Fetch ROBOT (org.obolibrary.robot:robot-command, the version pinned in scripts/robot/pom.xml) with
# its dependencies from Maven Central into .cache/robot/lib. tests/test_robot.py runs it as
# `java -cp '.cache/robot/lib/*' org.obolibrary.robot.CommandLineInterface ...`. Needs Java and Maven.
#
# Idempotent: does nothing when .cache/robot was made from the same POM. Offline first: Maven runs
# with -o (no network) when its local repository already holds the jars, and goes to Maven Central
# only when that fails. Everything lands in a temporary folder first and replaces .cache/robot in
# one rename, so an interrupted fetch leaves no half-filled folder.
set -euo pipefail
cd "$(dirname "$0")/.."

home=.cache/robot
pom=scripts/robot/pom.xml
stamp=$(sha256sum <"$pom" | cut -c1-16)
if [ -f "$home/STAMP" ] && [ "$(cat "$home/STAMP")" = "$stamp" ]; then
  echo "fetch-robot: $home is up to date"
  exit 0
fi
for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "fetch-robot: '$tool' not found: install Java and Maven (Debian: apt-get install default-jre-headless maven)" >&2
    exit 4
  fi
done

mkdir -p .cache
work=$(mktemp -d .cache/robot.tmp-XXXXXX)
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
copy() { mvn -q -B -f "$pom" "$@" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$PWD/$work/lib"; }
# An offline copy can "succeed" with robot-command alone (its POM cached without its dependencies'
# POMs): robot-core among the jars tells that the whole tree was resolved.
if ! copy -o >/dev/null 2>&1 || ! compgen -G "$work/lib/robot-core-*.jar" >/dev/null; then
  echo "fetch-robot: downloading ROBOT and its dependencies from Maven Central" >&2
  rm -rf "$work/lib"
  copy
fi
echo "$stamp" >"$work/STAMP"
rm -rf "$home"
mv "$work" "$home"
trap - EXIT
echo "fetch-robot: $(ls "$home/lib" | wc -l) jars in $home/lib ($(($(date +%s) - started)) s)"
