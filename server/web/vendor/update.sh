#!/bin/sh
# Refreshes the vendored graph layout library from npm (go generate in
# server/ runs it). dagre lays out directed graphs (the assume and
# privilege-escalation graphs of the explorer); its minified build is
# served from the binary, so the UI needs no CDN.
set -eu
version=${DAGRE_VERSION:-0.8.5}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "dagre@$version" >/dev/null 2>&1
tar xzf "dagre-$version.tgz"
cp package/dist/dagre.min.js "$here/dagre.min.js"
cp package/LICENSE "$here/dagre.LICENSE"
echo "dagre $version" > "$here/VERSION"
