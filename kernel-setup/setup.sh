#!/usr/bin/env bash
# Sets the lab up: Jupyter, the helper library, and the Java kernel. Idempotent: a second
# run checks everything, changes nothing, and says so.
#
#   kernel-setup/setup.sh            set up what is missing or out of date
#   kernel-setup/setup.sh --quiet    the same, printing only what changed (the runner uses this)
#
# Environment: LAB_PYTHON (an interpreter with nbclient/nbconvert, if not the system one),
# JAVA_HOME (a JDK 17 or newer), JUPYTER_DATA_DIR (where the kernelspec goes).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
home=$(cd "$here/.." && pwd)
state="$here/target"
kernel_name=provenance-lab
quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1

changes=0
say() { [ "$quiet" = 1 ] || echo "setup: $*"; }
changed() { echo "setup: $*"; changes=$((changes + 1)); }
die() { echo "setup: ERROR: $*" >&2; exit 1; }

# --- Java and Maven -------------------------------------------------------------------
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java_bin="$JAVA_HOME/bin/java"
else
  java_bin=$(command -v java || true)
  [ -n "$java_bin" ] || die "no java found: install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME"
  java_bin=$(readlink -f "$java_bin")
fi
java_version=$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[ -n "$java_version" ] && [ "${java_version%%.*}" -ge 17 ] 2>/dev/null \
  || die "$java_bin is Java '${java_version:-unknown}': the lab needs Java 17 or newer (set JAVA_HOME)"
command -v mvn >/dev/null || die "no mvn found: install Apache Maven 3.8+ (Debian: apt-get install maven)"
say "java $java_version at $java_bin; $(mvn -B -v 2>/dev/null | head -1 | sed "s/\x1b\[[0-9;]*m//g")"

# --- Jupyter ------------------------------------------------------------------------
has_jupyter_libs() { "$1" -c 'import nbclient, nbconvert, nbformat, jupyter_client' >/dev/null 2>&1; }
find_python() {
  local c
  for c in "${LAB_PYTHON:-}" "$(head -1 "$(command -v jupyter 2>/dev/null || echo /dev/null)" 2>/dev/null | sed -n 's/^#! *//p' | awk '{print $1}')" /usr/bin/python3 "$(command -v python3 || true)"; do
    [ -n "$c" ] && [ -x "$c" ] && has_jupyter_libs "$c" && { echo "$c"; return 0; }
  done
  return 1
}
python_bin=$(find_python || true)
if [ -z "$python_bin" ] || ! command -v jupyter >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "setup: installing Jupyter from Debian packages (jupyter-notebook jupyter-nbconvert python3-nbclient) ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || die "apt-get update failed: cannot install Jupyter"
    apt-get install -y -qq jupyter-notebook jupyter-nbconvert python3-nbclient >/dev/null \
      || die "apt-get install of jupyter-notebook jupyter-nbconvert python3-nbclient failed"
    changed "installed Jupyter from Debian packages"
    python_bin=$(find_python || true)
  fi
fi
if [ -z "$python_bin" ]; then
  die "Jupyter is missing: the lab needs the 'jupyter' command and a Python with nbclient, nbconvert, nbformat and jupyter_client.
  Debian/Ubuntu (as root): apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient
  elsewhere: pip install notebook nbconvert nbclient   (then set LAB_PYTHON to that python if it is not the first on PATH)"
fi
say "jupyter: $("$python_bin" -c 'import nbclient, nbconvert; print("nbclient", nbclient.__version__ + ", nbconvert", nbconvert.__version__)') with $python_bin"

# --- numpy, the baseline the metrics benchmark measures itself against ----------------------
if ! "$python_bin" -c 'import numpy' >/dev/null 2>&1; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "setup: installing numpy from Debian packages (python3-numpy) for the metrics benchmark ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy >/dev/null \
      || die "apt-get install of python3-numpy failed"
    changed "installed numpy from Debian packages"
  else
    die "numpy is missing from $python_bin (the metrics benchmark compares against it).
  Debian/Ubuntu (as root): apt-get install python3-numpy    elsewhere: $python_bin -m pip install numpy"
  fi
fi
say "numpy: $("$python_bin" -c 'import numpy; print(numpy.__version__)')"

# --- npm packages: plotly.js for pages with plots, playwright-core for the browser check ----
# Each is a pinned version checked against its pinned sha512 (the registry's dist.integrity);
# see kernel-setup/plotly.properties and kernel-setup/browser/playwright-core.properties.
pin() { sed -n "s/^$2=//p" "$1"; }
ensure_npm() {
  command -v npm >/dev/null && return 0
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "setup: installing npm from Debian packages (it fetches plotly.js and playwright-core) ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null || die "apt-get install npm failed"
    changed "installed npm from Debian packages"
  else
    die "npm is missing: it fetches plotly.js and playwright-core from the npm registry. Debian (as root): apt-get install npm"
  fi
}
# npm_fetch PROPS DEST: unpacks the pinned package into DEST (its "package" folder's content);
# DEST/.pinned records what is there, so an unchanged pin costs nothing.
npm_fetch() {
  local props=$1 dest=$2 pkg version integrity stamp tmp tgz got
  pkg=$(pin "$props" package); version=$(pin "$props" version); integrity=$(pin "$props" integrity)
  stamp="$pkg@$version $integrity"
  if [ -f "$dest/.pinned" ] && [ "$(cat "$dest/.pinned")" = "$stamp" ]; then
    say "npm: $pkg@$version in place"
    return 0
  fi
  ensure_npm
  echo "setup: fetching $pkg@$version from the npm registry ..."
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null 2>"$tmp/npm.err") \
    || die "npm pack $pkg@$version failed: $(tail -3 "$tmp/npm.err")"
  tgz=$(ls "$tmp"/*.tgz)
  got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  [ "$got" = "$integrity" ] || die "$pkg@$version from npm has integrity $got, pinned $integrity: refused"
  mkdir -p "$tmp/x" && tar -xzf "$tgz" -C "$tmp/x" || die "cannot unpack $pkg@$version"
  rm -rf "$dest" && mkdir -p "$(dirname "$dest")" && mv "$tmp/x/package" "$dest"
  echo "$stamp" > "$dest/.pinned"
  rm -rf "$tmp"
  changed "npm: $pkg@$version fetched and checked"
}

npm_fetch "$here/plotly.properties" "$state/npm/plotly"
plotly_dir="$state/plotly"
plotly_src="$state/npm/plotly/$(pin "$here/plotly.properties" file)"
[ -f "$plotly_src" ] || die "the plotly package has no $(pin "$here/plotly.properties" file)"
plotly_sha=$(sha256sum "$plotly_src" | cut -d' ' -f1)
if [ "$(sed -n 's/^sha256=//p' "$plotly_dir/bundle.properties" 2>/dev/null)" = "$plotly_sha" ] \
   && [ "$(sha256sum "$plotly_dir/plotly.min.js" 2>/dev/null | cut -d' ' -f1)" = "$plotly_sha" ]; then
  say "plotly.js: bundle in place ($plotly_dir)"
else
  mkdir -p "$plotly_dir"
  cp "$plotly_src" "$plotly_dir/plotly.min.js"
  printf 'package=%s\nversion=%s\nsha256=%s\n' "$(pin "$here/plotly.properties" package)" \
    "$(pin "$here/plotly.properties" version)" "$plotly_sha" > "$plotly_dir/bundle.properties"
  changed "plotly.js: bundle installed in $plotly_dir ($(du -k "$plotly_dir/plotly.min.js" | cut -f1) kB)"
fi

# --- Chromium and playwright-core: the test suite opens every export in a real browser -------
if ! command -v "${LAB_CHROMIUM:-chromium}" >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "setup: installing Chromium from Debian packages (the test suite's browser check) ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || die "apt-get install chromium failed"
    changed "installed Chromium from Debian packages"
  else
    die "chromium is missing (the test suite opens every export in it). Debian (as root): apt-get install chromium;
  elsewhere set LAB_CHROMIUM to a Chromium or Chrome binary"
  fi
fi
command -v node >/dev/null || die "node is missing (it runs the browser check); Debian: apt-get install nodejs"
npm_fetch "$here/browser/playwright-core.properties" "$state/browser/node_modules/playwright-core"

# --- The library and the kernel's classpath -------------------------------------------
# Rebuilt only when a source or build file changed since the last successful build.
fingerprint=$(cd "$home" && find pom.xml lib/pom.xml lib/src/main kernel-setup/pom.xml kernel-setup/kernel/pom.xml \
  kernel-setup/kernel/src/main -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
kernel_dir="$state/kernel"
if [ -f "$state/build.fingerprint" ] && [ "$(cat "$state/build.fingerprint")" = "$fingerprint" ] \
   && ls "$kernel_dir"/jars/provenance-lab-jupyter-kernel-*.jar >/dev/null 2>&1 \
   && ls "$kernel_dir"/classpath/provenance-lab-lib-*.jar >/dev/null 2>&1; then
  say "lib and kernel: up to date ($(ls "$kernel_dir"/classpath/*.jar | wc -l) jars on the cells' classpath), no build"
else
  echo "setup: building lib and the kernel, resolving the kernel classpath with Maven ..."
  rm -rf "$kernel_dir"
  (cd "$home" && mvn -q -B -Dstyle.color=never -DskipTests package) || die "the Maven build of lib and the kernel failed (see above)"
  ls "$kernel_dir"/jars/provenance-lab-jupyter-kernel-*.jar >/dev/null 2>&1 || die "Maven did not produce the kernel jar in $kernel_dir/jars"
  mkdir -p "$state"
  echo "$fingerprint" > "$state/build.fingerprint"
  changed "lib and kernel: built; $(ls "$kernel_dir"/classpath/*.jar | wc -l) jars on the cells' classpath"
fi
echo "$python_bin" > "$state/python.path"

# --- The kernelspec ------------------------------------------------------------------
# The lab's own kernel (kernel-setup/kernel): JShell in the kernel's JVM on the Jupyter
# protocol base io.github.spencerpark:jupyter-jvm-basekernel. LAB_CLASSPATH is what cells
# compile against, LAB_STARTUP their imports, LAB_KERNEL tells lib to display through it.
data_dir=$("$python_bin" -c 'from jupyter_core.paths import jupyter_data_dir; print(jupyter_data_dir())')
spec_dir="$data_dir/kernels/$kernel_name"
new_spec=$("$python_bin" - "$java_bin" "$kernel_dir" "$here/startup.jsh" "$home" <<'PY'
import glob, json, os, sys
java, kdir, init, home = sys.argv[1:]
cells_cp = sorted(glob.glob(os.path.join(kdir, "classpath", "*.jar")))
kernel_cp = sorted(glob.glob(os.path.join(kdir, "jars", "*.jar")))
print(json.dumps({
    "argv": [java, "-Dfile.encoding=UTF-8", "-Djava.awt.headless=true", "-XX:+UseSerialGC",
             "-cp", os.pathsep.join(kernel_cp + cells_cp), "org.provenancelab.kernel.Main", "{connection_file}"],
    "display_name": "Java (Provenance Lab)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {"LAB_CLASSPATH": os.pathsep.join(cells_cp), "LAB_STARTUP": init, "LAB_HOME": home,
            "LAB_KERNEL": "provenance-lab", "LAB_PLOTLY": os.path.join(home, "kernel-setup", "target", "plotly")},
    "metadata": {"provenance_lab": "installed by kernel-setup/setup.sh"},
}, indent=1, sort_keys=True))
PY
)
if [ -f "$spec_dir/kernel.json" ] && [ "$(cat "$spec_dir/kernel.json")" = "$new_spec" ]; then
  say "kernelspec '$kernel_name': unchanged ($spec_dir)"
else
  mkdir -p "$spec_dir"
  printf '%s\n' "$new_spec" > "$spec_dir/kernel.json.tmp" && mv "$spec_dir/kernel.json.tmp" "$spec_dir/kernel.json"
  changed "kernelspec '$kernel_name': installed at $spec_dir"
fi

if [ "$changes" = 0 ]; then
  say "nothing changed: the lab was already set up"
else
  echo "setup: done ($changes change(s))"
fi
