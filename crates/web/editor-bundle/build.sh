#!/bin/sh
# Rebuilds crates/web/assets/prosemirror.js (and its licence file) from the versions pinned in
# package-lock.json. Run it after changing entry.mjs or a version; commit both outputs. Needs
# Node and the npm registry; the Rust build only reads the committed files.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
out=../assets/prosemirror.js
node_modules/.bin/esbuild entry.mjs --bundle --minify --format=iife --global-name=ProseMirror \
  --target=es2019 --legal-comments=none --outfile="$out.tmp"
{
  echo "/*! ProseMirror (https://prosemirror.net), MIT licence: see prosemirror.LICENSE.txt. Built by crates/web/editor-bundle/build.sh. */"
  cat "$out.tmp"
} > "$out"
rm "$out.tmp"
licences=../assets/prosemirror.LICENSE.txt
: > "$licences"
for dir in node_modules/prosemirror-* node_modules/orderedmap node_modules/rope-sequence node_modules/w3c-keyname; do
  name=$(node -p "require('./$dir/package.json').name + ' ' + require('./$dir/package.json').version")
  echo "== $name ==" >> "$licences"
  cat "$dir"/LICENSE* >> "$licences"
  echo >> "$licences"
done
echo "wrote $out ($(wc -c < "$out") bytes) and $licences"
