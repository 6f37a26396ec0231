#!/usr/bin/env bash
# Build (once, then cached) a Python 3.11 that needs nothing newer than glibc 2.28, for the Linux bundle that must
# start on 统信UOS V20 (Debian 10 based, glibc 2.28) and 银河麒麟 V10 (glibc 2.31).
#   bash installer/python228.sh          → prints the install prefix (…/bin/python3.11) on its last line
#
# How: `zig cc -target x86_64-linux-gnu.2.28` (the ziglang wheel from PyPI, pinned with its hash) links against
# zig's glibc 2.28 stubs, so every binary it makes can only need GLIBC_2.28 symbols or older, whatever glibc the
# build machine has. Sources are the upstream tarballs of Debian 12's own source packages (apt-get source):
# CPython 3.11.2 and, linked statically into the extension modules, zlib, libffi, SQLite and OpenSSL.
# Nothing else is looked for: zig does not search /usr/include or /usr/lib, so modules whose libraries are not
# built here (readline, curses, tkinter, dbm, bz2, lzma, uuid) are simply left out; the program uses none of them.
# python-build-standalone (glibc 2.17) would be simpler, but is published only on GitHub, which this machine
# and CI cannot reach; PyPI has no relocatable CPython build.
#
# Cache: $TALENTDESK_CACHE (default ~/.cache/talentdesk)/python-3.11.2-glibc2.28-<hash of this script>.
# Takes ~10 min of 2 cores the first time; later runs print the cached prefix at once.
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[python228] %s\n' "$*" >&2; }

ZIG_VERSION=0.17.1
# Debian 12 source packages; the version after | is tried when the newest one cannot be fetched (a mirror of the
# security suite may lack the sources).
SOURCES=("python3.11|python3.11=3.11.2-6+deb12u8" "zlib|zlib=1:1.2.13.dfsg-1" "libffi|libffi=3.4.4-1"
         "sqlite3|sqlite3=3.40.1-2+deb12u2" "openssl|openssl=3.0.17-1~deb12u2")
TARGET=x86_64-linux-gnu.2.28
jobs=$(nproc)

cache="${TALENTDESK_CACHE:-$HOME/.cache/talentdesk}"
key=$(sha256sum "$0" | cut -c1-12)
prefix="$cache/python-3.11.2-glibc2.28-$key"
if [ -x "$prefix/bin/python3.11" ] && [ -f "$prefix/.complete" ]; then
  echo "$prefix"; exit 0
fi
work="$cache/build-python228"  # removed after a successful build; a failed one resumes after its last finished library
rm -rf "$prefix"
mkdir -p "$work/src" "$work/deps"
deps="$work/deps"

# --- zig (PyPI wheel), pinned by hash in installer/requirements-zig.lock
zig="$work/zig/ziglang/zig"
if [ ! -x "$zig" ]; then
  log "installing ziglang $ZIG_VERSION (PyPI)"
  .venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes --target "$work/zig" \
    -r installer/requirements-zig.lock
fi
mkdir -p "$work/bin"
for tool in cc c++; do  # zig's linker knows -soname, not GNU ld's short -h that CPython's Makefile passes
  cat >"$work/bin/$tool" <<EOF
#!/usr/bin/env bash
args=()
for a in "\$@"; do
  case "\$a" in
    -Wl,-h,*) args+=("-Wl,-soname,\${a#-Wl,-h,}") ;;
    -Wl,-h*) args+=("-Wl,-soname,\${a#-Wl,-h}") ;;
    *) args+=("\$a") ;;
  esac
done
exec "$zig" $tool -target $TARGET -fno-sanitize=undefined -Wno-error=date-time "\${args[@]}"
EOF
done
printf '#!/bin/sh\nexec "%s" ar "$@"\n' "$zig" >"$work/bin/ar"
printf '#!/bin/sh\nexec "%s" ranlib "$@"\n' "$zig" >"$work/bin/ranlib"
chmod +x "$work/bin/"*
export CC="$work/bin/cc" CXX="$work/bin/c++" AR="$work/bin/ar" RANLIB="$work/bin/ranlib"
export ZIG_GLOBAL_CACHE_DIR="$cache/zig-cache" ZIG_LOCAL_CACHE_DIR="$cache/zig-cache"

# --- sources: Debian 12's source packages (deb-src is added when missing)
if ! apt-get source --help >/dev/null 2>&1 || ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  log "adding Debian 12 source package lists (deb-src)"
  cat >/etc/apt/sources.list.d/talentdesk-src.sources <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  apt-get update -q >/dev/null
fi
command -v tclsh >/dev/null || apt-get install -y -q --no-install-recommends tcl >/dev/null  # SQLite's amalgamation
for s in "${SOURCES[@]}"; do  # the upstream (.orig) tarball is all that is used
  (cd "$work/src" && apt-get source --download-only -q "${s%%|*}" >/dev/null 2>&1) || true
  if ! ls "$work/src/${s%%|*}"_*.orig.tar.* >/dev/null 2>&1; then
    (cd "$work/src" && apt-get source --download-only -q "${s#*|}" >/dev/null 2>&1) || true
  fi
done
unpack() {  # unpack SRCPKG's upstream tarball into $work/src/SRCPKG and print that folder
  local tarball; tarball=$(ls "$work/src/$1"_*.orig.tar.* 2>/dev/null | grep -v -e '\.asc$' -e 'orig-' | sort -V | tail -1)
  [ -f "$tarball" ] || { log "no upstream tarball for $1 (apt-get source failed)"; exit 1; }
  rm -rf "$work/src/$1" && mkdir -p "$work/src/$1" && tar xf "$tarball" -C "$work/src/$1" --strip-components=1
  echo "$work/src/$1"
}
static_cflags="-O2 -fPIC -w"
built() { [ -f "$deps/lib/$1" ]; }  # a library finished earlier in an interrupted build
quiet() { "$@" >>"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; exit 1; }; }

build_zlib() {
  cd "$(unpack zlib)" && CFLAGS="$static_cflags" ./configure --static --prefix="$deps" && make -j"$jobs" libz.a \
    && make install
}
build_libffi() {  # no static trampolines: libffi 3.4.4's tramp.c does not compile with clang 16+
  cd "$(unpack libffi)" && CFLAGS="$static_cflags" ./configure --disable-shared --enable-static --with-pic \
    --disable-docs --disable-multi-os-directory --disable-exec-static-tramp --prefix="$deps" \
    && make -j"$jobs" && make install
}
build_sqlite() {
  cd "$(unpack sqlite3)" && CFLAGS="$static_cflags -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_JSON1 -DSQLITE_ENABLE_RTREE" \
    ./configure --disable-shared --enable-static --disable-tcl --disable-readline --prefix="$deps" \
    && make -j"$jobs" libsqlite3.la && mkdir -p "$deps/include" && cp sqlite3.h sqlite3ext.h "$deps/include/" \
    && cp .libs/libsqlite3.a "$deps/lib/"
}
build_openssl() {
  cd "$(unpack openssl)" && ./Configure linux-x86_64 no-shared no-tests no-engine no-dso -fPIC -w \
    --prefix="$deps" --libdir=lib --openssldir=/etc/ssl && make -j"$jobs" build_libs && make install_dev
}
built libz.a || { log "zlib"; (quiet build_zlib); }
built libffi.a || { log "libffi"; (quiet build_libffi); }
built libsqlite3.a || { log "SQLite"; (quiet build_sqlite); }
built libssl.a || { log "OpenSSL (the longest step)"; (quiet build_openssl); }

log "CPython 3.11.2"
# setup.py (which builds the extension modules) would add the build machine's /usr/include/<multiarch> and
# /usr/local folders, whose glibc 2.36 headers clash with zig's 2.28 ones: those lines are taken out.
# libpython3.so (the stable-ABI stub) is linked from libpython3.11.so alone, and zig cc refuses a link without an
# object file: the Makefile rule gets an empty one.
src=$(unpack python3.11)
(cd "$src" && PKG_CONFIG_PATH="$deps/lib/pkgconfig" PKG_CONFIG_LIBDIR="$deps/lib/pkgconfig" \
   OPT="-DNDEBUG -fwrapv -O2" CFLAGS="" CPPFLAGS="-I$deps/include" LDFLAGS="-L$deps/lib -Wl,-rpath,\\\$\$ORIGIN/../lib" \
   LIBFFI_CFLAGS="-I$deps/include" LIBFFI_LIBS="$deps/lib/libffi.a" \
   ZLIB_CFLAGS="-I$deps/include" ZLIB_LIBS="$deps/lib/libz.a" \
   LIBSQLITE3_CFLAGS="-I$deps/include" LIBSQLITE3_LIBS="$deps/lib/libsqlite3.a -lm" \
   quiet ./configure --prefix="$prefix" --enable-shared --with-openssl="$deps" --with-openssl-rpath=no \
   --without-ensurepip --disable-test-modules \
 && sed -i -e 's|^        self.add_multiarch_paths()$|        pass  # zig: never the build machine'"'"'s headers|' \
          -e "s#^            add_dir_to_list(self.compiler.\(library\|include\)_dirs, '/usr/local/\(lib\|include\)')\$#            pass#" \
          setup.py \
 && [ "$(grep -c "never the build machine\|^            pass$" setup.py)" -ge 4 ] \
 && printf 'static int td_stub_unused;\n' >Modules/td_stub.c \
 && sed -i 's|^\t$(BLDSHARED) $(NO_AS_NEEDED) -o $@ -Wl,-h$@ $^$|\t$(CC) -c -fPIC Modules/td_stub.c -o Modules/td_stub.o \&\& $(BLDSHARED) $(NO_AS_NEEDED) -o $@ -Wl,-h$@ $^ Modules/td_stub.o|' Makefile \
 && grep -q td_stub.o Makefile && quiet make -j"$jobs" && quiet make install)
"$prefix/bin/python3.11" - <<'EOF'
import ctypes, hashlib, sqlite3, ssl, zlib, decimal, pyexpat, json  # noqa: F401 — the modules the program needs
print("python", __import__("sys").version.split()[0], "sqlite", sqlite3.sqlite_version, ssl.OPENSSL_VERSION)
EOF
touch "$prefix/.complete"
rm -rf "$work"
echo "$prefix"
