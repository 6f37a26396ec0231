#!/usr/bin/env bash
# CI step after the tests: build the Linux bundle and .deb, then smoke-test the BUILT program.
#   bash installer/ci_bundle.sh        (needs .venv from `bash installer/dev.sh test`)
# The self-test runs offscreen, in an empty network namespace when the machine allows one (unshare -n)
# and under strace when available, failing if the program opens any internet socket.
# Prints bundle size, .deb size, start-up times and how long this step took.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[bundle] %s\n' "$*" >&2; }
now_ms() { date +%s%3N; }
step_start=$(now_ms)
py=.venv/bin/python
ver=$($py -c 'import talentdesk; print(talentdesk.__version__)')

# The bundle is built from Python 3.11 compiled for glibc 2.28 and manylinux ≤ 2.28 wheels (PySide6 6.9), so it
# starts on 统信UOS V20 (glibc 2.28) and 银河麒麟 V10 (2.31). First run on a machine: ~10 min to compile Python
# (cached in ~/.cache/talentdesk); later runs reuse it.
t=$(now_ms)
bpy=$(bash installer/bundle_env.sh | tail -1)
env_ms=$(( $(now_ms) - t ))
build_start=$(now_ms)
# gzip: the same .deb contents, compressed about 3 times faster than the release default (xz)
"$bpy" installer/build.py --deb-compression gzip
build_ms=$(( $(now_ms) - build_start ))

bundle=dist/TalentDesk
exe=$bundle/talentdesk
deb=dist/talentdesk_${ver}_amd64.deb
export QT_QPA_PLATFORM=offscreen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- the bundle must be self-contained: migrations, fonts, translations, no source checkout needed
for f in _internal/talentdesk/store/migrations/env.py _internal/talentdesk/store/migrations/script.py.mako \
         _internal/resources/fonts/LXGWWenKai-Regular.ttf _internal/resources/fonts/uming.ttc \
         _internal/resources/fonts/LXGWWenKai-OFL.txt _internal/resources/fonts/uming-ARPHICPL.txt \
         _internal/resources/icons/talentdesk-256.png; do
  [ -f "$bundle/$f" ] || { log "missing in bundle: $f"; exit 1; }
done
ls "$bundle"/_internal/talentdesk/store/migrations/versions/*.py >/dev/null
find "$bundle" -name 'qtbase_zh_CN.qm' | grep -q . || { log "missing in bundle: qtbase_zh_CN.qm"; exit 1; }
# Chinese input: Qt's ibus plugin (ibus; fcitx5 through its ibus front-end) and the compose fallback.
# PySide6 wheels carry no fcitx plugin: see installer/README.md, "Chinese input".
for p in libibusplatforminputcontextplugin.so libcomposeplatforminputcontextplugin.so; do
  [ -f "$bundle/_internal/PySide6/Qt/plugins/platforminputcontexts/$p" ] || { log "missing in bundle: $p"; exit 1; }
done

# --- glibc floor: every ELF file of the bundle (readelf's version needs) within what 统信UOS V20 ships:
# glibc 2.28, gcc 8's libstdc++ (GLIBCXX_3.4.25, CXXABI_1.3.11). Fails naming each file that needs newer.
t=$(now_ms)
$py installer/glibc_floor.py "$bundle" --top 4 --max-glibc 2.28 --max-glibcxx 3.4.25 --max-cxxabi 1.3.11 \
  | tee "$work/glibc"
glibc_ms=$(( $(now_ms) - t ))
# the build machine's own libraries (libstdc++, X11, fontconfig, …) stay out: the target system provides them
if ls "$bundle"/_internal/lib{stdc++,gcc_s,fontconfig,X11,glib-2.0,dbus-1}.so* 2>/dev/null | grep .; then
  log "system libraries copied into the bundle (see SYSTEM_LIB_DIRS in installer/talentdesk.spec)"; exit 1
fi

# --- start-up: --version (median of 3) and the full self-test, run from outside the checkout
version_ms=()
for _ in 1 2 3; do
  t=$(now_ms); (cd "$work" && "$OLDPWD/$exe" --version >/dev/null); version_ms+=($(( $(now_ms) - t )))
done
version_med=$(printf '%s\n' "${version_ms[@]}" | sort -n | sed -n 2p)

netns=""
if unshare -n true 2>/dev/null; then netns="unshare -n"; fi
tracer=()
if command -v strace >/dev/null 2>&1 && strace -f -qq -e trace=none true 2>/dev/null; then
  tracer=(strace -f -qq -e trace=socket,connect -o "$work/net.trace")
fi
log "self-test of the built program${netns:+ (no network namespace)}${tracer:+ (strace)}"
t=$(now_ms)
(cd "$work" && env -u TALENTDESK_HOME HOME="$work/home" $netns "${tracer[@]}" "$OLDPWD/$exe" self-test)
selftest_ms=$(( $(now_ms) - t ))
if [ -f "$work/net.trace" ] && grep -E 'AF_INET6?[,}]' "$work/net.trace"; then
  log "the program opened an internet socket (see above)"; exit 1
fi

# --- the real X11 platform plugin and its xcb libraries load too (what a desktop uses)
if command -v xvfb-run >/dev/null 2>&1; then
  log "self-test on X11 (xvfb)"
  t=$(now_ms)
  (cd "$work" && HOME="$work/home" QT_QPA_PLATFORM=xcb xvfb-run -a "$OLDPWD/$exe" self-test | tail -n 2)
  x11_ms=$(( $(now_ms) - t ))
  # the program as a clerk starts it (the self-test skips the start-up path: sign-in, menus, idle lock):
  # a demo county opened on X11 must still be running after 20 s
  log "start the program on X11 with a demo database"
  (cd "$work" && HOME="$work/home" "$OLDPWD/$exe" --db "$work/demo.db" demo >"$work/demo.log" 2>&1) \
    || { cat "$work/demo.log"; exit 1; }
  (cd "$work" && HOME="$work/home" QT_QPA_PLATFORM=xcb xvfb-run -a sh -c \
     '"$0" --db "$1" & p=$!; sleep 20; kill -0 $p || { wait $p; exit 1; }; kill $p; wait $p; exit 0' \
     "$OLDPWD/$exe" "$work/demo.db") || { log "the program did not keep running on X11 (see above)"; exit 1; }
fi

# --- the .deb: metadata, layout, and the program it carries runs from an extracted copy via a symlink
dpkg-deb --info "$deb" >"$work/info"
grep -q '^ Package: talentdesk' "$work/info" && grep -q '^ Depends: libc6 (>= ' "$work/info"
libc_need=$(sed -n 's/^ Depends: libc6 (>= \([0-9.]*\)).*/\1/p' "$work/info")
if [ "$(printf '%s\n2.28\n' "$libc_need" | sort -V | tail -1)" != 2.28 ]; then
  log "the .deb asks for libc6 >= $libc_need: 统信UOS V20 has 2.28"; exit 1
fi
dpkg-deb --contents "$deb" >"$work/contents"
opt=./opt/apps/cn.talentdesk.talentdesk
for p in $opt/files/talentdesk $opt/info $opt/entries/applications/talentdesk.desktop \
         $opt/entries/icons/hicolor/512x512/apps/talentdesk.png ./usr/share/icons/hicolor/16x16/apps/talentdesk.png \
         ./usr/bin/talentdesk ./usr/share/applications/talentdesk.desktop \
         ./usr/share/icons/hicolor/256x256/apps/talentdesk.png ./usr/share/icons/hicolor/scalable/apps/talentdesk.svg \
         ./usr/share/doc/talentdesk/copyright; do
  grep -q " $p\( \|$\)" "$work/contents" || { log "missing in .deb: $p"; exit 1; }
done
grep -q " ./usr/bin/talentdesk -> ${opt#.}/files/talentdesk" "$work/contents"
dpkg-deb -x "$deb" "$work/root"
ln -s "$work/root/${opt#./}/files/talentdesk" "$work/talentdesk-link"
(cd "$work" && HOME="$work/home" ./talentdesk-link --version)
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$work/root/usr/share/applications/talentdesk.desktop"
fi

bundle_mb=$(du -sm "$bundle" | cut -f1)
deb_mb=$(( $(stat -c %s "$deb") / 1048576 ))
echo "== installer figures =="
echo "bundle dist/TalentDesk:        ${bundle_mb} MB"
echo "installer $(basename "$deb"):  ${deb_mb} MB with gzip; xz (release default) is about 30 % smaller ($(sed -n 's/^ Depends: \(libc6 ([^)]*)\).*/\1/p' "$work/info"))"
echo "start-up, talentdesk --version: ${version_med} ms (median of 3: ${version_ms[*]})"
echo "self-test of the built program: ${selftest_ms} ms offscreen${tracer:+ under strace}${x11_ms:+, ${x11_ms} ms on X11 (xvfb-run included)}"
echo "glibc floor (readelf, all ELF):  $(sed -n 's/^\([A-Z]*_[0-9.]*\) highest.*/\1/p' "$work/glibc" | tr '\n' ' ')in ${glibc_ms} ms"
echo "Python 3.11 (glibc 2.28) + venv: $(( env_ms / 1000 )) s (cached after the first run)"
echo "build (PyInstaller + .deb):     $(( build_ms / 1000 )) s"
echo "this CI step in total:          $(( ($(now_ms) - step_start) / 1000 )) s"
