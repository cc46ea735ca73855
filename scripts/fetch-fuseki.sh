#!/usr/bin/env bash
# Fetch Apache Jena Fuseki (the version pinned in pom.xml) with its dependencies from Maven Central
# into .cache/fuseki/lib, and compile the launchers into .cache/fuseki/classes:
# scripts/fuseki/MscexoFuseki.java (request and response size limits around Fuseki main), run by
# `mscexo-ld serve --server fuseki`, and scripts/fuseki/MscexoShacl.java (Jena SHACL, part of the
# same Jena), run by `mscexo-ld validate --shacl-engine jena`. Needs Java 17 (java and javac) and Maven.
#
# Idempotent: does nothing when .cache/fuseki was made from the same pom.xml and launcher source.
# Offline first: Maven runs with -o (no network) when its local repository already holds the jars,
# and goes to Maven Central only when that fails. Everything lands in a temporary folder first and
# replaces .cache/fuseki in one rename, so an interrupted fetch leaves no half-filled folder.
set -euo pipefail
cd "$(dirname "$0")/.."

home=.cache/fuseki
sources=(scripts/fuseki/MscexoFuseki.java scripts/fuseki/MscexoShacl.java)
stamp=$(cat pom.xml "${sources[@]}" | sha256sum | cut -c1-16)
if [ -f "$home/STAMP" ] && [ "$(cat "$home/STAMP")" = "$stamp" ]; then
  echo "fetch-fuseki: $home is up to date"
  exit 0
fi
for tool in java javac mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "fetch-fuseki: '$tool' not found: install a Java 17 JDK and Maven (Debian: apt-get install default-jdk-headless maven)" >&2
    exit 4
  fi
done

mkdir -p .cache
work=$(mktemp -d .cache/fuseki.tmp-XXXXXX)
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
copy() { mvn -q -B "$@" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$work/lib"; }
if ! copy -o >/dev/null 2>&1; then
  echo "fetch-fuseki: downloading Fuseki and its dependencies from Maven Central" >&2
  rm -rf "$work/lib"
  copy
fi
javac -nowarn -encoding UTF-8 -cp "$work/lib/*" -d "$work/classes" "${sources[@]}"
echo "$stamp" >"$work/STAMP"
rm -rf "$home"
mv "$work" "$home"
trap - EXIT
echo "fetch-fuseki: $(ls "$home/lib" | wc -l) jars in $home/lib, launchers in $home/classes ($(($(date +%s) - started)) s)"
