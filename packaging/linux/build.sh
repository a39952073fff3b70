#!/usr/bin/env bash
# Build the Linux bundle with PyInstaller, check it with --smoke-test, and wrap it in a .deb:
#   dist/desktop-app/                        the one-folder bundle
#   dist/desktop-app_VERSION_ARCH.deb        /opt/desktop-app, /usr/bin/desktop-app, the menu
#                                            entry, AppStream metainfo and hicolor icons
# Needs the package installed with its packaging extra (pip install -e '.[packaging]') and the
# Debian packages dpkg-dev (dpkg-shlibdeps), desktop-file-utils and appstream.
#
# Usage: bash packaging/linux/build.sh [--deb-only]
#   --deb-only   package the bundle already in dist/desktop-app instead of building it again
# Environment: PYTHON (default python3), DEB_MAINTAINER ("Name <address>").
set -euo pipefail
cd "$(dirname "$0")/../.."

python=${PYTHON:-python3}
name=desktop-app
app_id=io.github.desktop_app # desktop_app.config.DESKTOP_FILE_NAME
here=packaging/linux
bundle=dist/$name
work=build/deb
root=$work/root
umask 022

for tool in dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli; do
  if ! command -v "$tool" >/dev/null; then
    echo "build.sh: $tool is missing (apt-get install dpkg-dev desktop-file-utils appstream)" >&2
    exit 1
  fi
done

started=$SECONDS
if [ "${1:-}" != "--deb-only" ]; then
  echo "== bundle: PyInstaller"
  "$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/desktop-app.spec
fi
[ -x "$bundle/$name" ] || { echo "build.sh: no bundle in $bundle" >&2; exit 1; }

echo "== bundle: smoke test"
QT_QPA_PLATFORM=offscreen "$bundle/$name" --smoke-test

# The version the bundle reports is the package metadata's (packaging/desktop-app.spec).
version=$("$bundle/$name" --version | awk '{print $NF}')
arch=$(dpkg --print-architecture)
deb=dist/${name}_${version}_${arch}.deb

echo "== deb: staging $name $version ($arch)"
rm -rf "$work"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/icons"
cp -a "$bundle" "$root/opt/$name"
ln -s "/opt/$name/$name" "$root/usr/bin/$name"
install -Dm644 "$here/$app_id.desktop" "$root/usr/share/applications/$app_id.desktop"
install -Dm644 "$here/$app_id.metainfo.xml" "$root/usr/share/metainfo/$app_id.metainfo.xml"
install -Dm644 "$here/copyright" "$root/usr/share/doc/$name/copyright"
[ -d build/icons/hicolor ] || "$python" packaging/icons.py build/icons >/dev/null
cp -a build/icons/hicolor "$root/usr/share/icons/hicolor"

desktop-file-validate "$root/usr/share/applications/$app_id.desktop"
appstreamcli validate --no-net --explain "$root/usr/share/metainfo/$app_id.metainfo.xml" >/dev/null

echo "== deb: dependencies (dpkg-shlibdeps)"
# Every ELF file of the bundle, except Qt's GTK theme plugin: GTK is recommended, not needed
# (without it Qt draws its own style). Libraries the bundle carries are found with -l.
top=$PWD
mapfile -t elves < <(
  find "$top/$root/opt/$name" -type f \( -name '*.so' -o -name '*.so.*' -o -path "*/opt/$name/$name" \) \
    ! -path '*/platformthemes/libqgtk3.so' | sort
)
mapfile -t libdirs < <(
  find "$top/$root/opt/$name" \( -name '*.so' -o -name '*.so.*' \) -printf '-l%h\n' | sort -u
)
mkdir -p "$work/shlibs/debian"
printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$name" "$name" >"$work/shlibs/debian/control"
depends=$(
  cd "$work/shlibs" &&
    dpkg-shlibdeps -O --ignore-missing-info "${libdirs[@]}" "${elves[@]}" 2>shlibdeps.log
) || { cat "$work/shlibs/shlibdeps.log" >&2; exit 1; }
depends=${depends#shlibs:Depends=}
[ -n "$depends" ] || { echo "build.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<EOF
Package: $name
Version: $version
Architecture: $arch
Maintainer: ${DEB_MAINTAINER:-Tier Accounts developers <tier-accounts@example.com>}
Installed-Size: $installed_size
Depends: $depends
Recommends: libgtk-3-0
Section: misc
Priority: optional
Description: Tier Accounts: CloudBlue Connect customers and resellers, offline
 A desktop application for vendor and distributor staff who keep the customers
 and resellers of CloudBlue Connect (its tier accounts) and review the tier
 account requests that every edit raises, in one local SQLite file per
 workspace. Installed under /opt/$name, started with $name.
EOF

echo "== deb: dpkg-deb"
rm -f "$deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
dpkg-deb --info "$deb" | sed -n '/Package:/,/Description:/p'
echo "bundle: $(du -sh "$bundle" | cut -f1)  deb: $(du -h "$deb" | cut -f1)  ($deb)"
echo "built in $((SECONDS - started)) s"
