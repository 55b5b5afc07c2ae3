#!/bin/sh
# Vendor the SPARQL editor (YASGUI, MIT licence) into web/static/vendor/yasgui/.
# Needs npm and the npm registry; no node_modules or bundler: `npm pack` fetches the published
# tarball, whose build/ folder already holds the browser bundle. Run from anywhere:
#   sh web/static/build.sh            (the Makefile's `make vendor` calls this)
set -eu
VERSION="${YASGUI_VERSION:-4.6.2}"
HERE="$(cd "$(dirname "$0")" && pwd)"
DEST="$HERE/vendor/yasgui"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent "@zazuko/yasgui@$VERSION" >/dev/null
tar xzf "zazuko-yasgui-$VERSION.tgz"
mkdir -p "$DEST"
cp package/build/yasgui.min.js package/build/yasgui.min.css "$DEST/"
printf '@zazuko/yasgui %s (MIT licence, https://github.com/rdfjs/Yasgui), from npm\n' "$VERSION" > "$DEST/VERSION"
echo "vendored @zazuko/yasgui $VERSION into $DEST"
