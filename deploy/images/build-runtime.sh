#!/usr/bin/env bash
# Builds the layers Jib adds to Tillstream's images (the images profile of the root pom):
#  OUT_DIR/jre         a jlink'ed JRE of the build JDK at /opt/java/openjdk (where eclipse-temurin keeps
#                      its JRE, so PATH and JAVA_HOME are the same with either base) plus exactly the
#                      shared libraries it links against (found with ldd). Laid over `scratch`: the build
#                      reaches Maven Central only, so no base image can be pulled.
#  OUT_DIR/filesystem  the directories a non-root service writes: /tmp, /var/lib/tillstream; and the
#                      services' logging configuration, /etc/tillstream/logback.xml.
#  OUT_DIR/none        empty: what Jib adds instead of jre when a registry base image brings the JRE.
# Idempotent: a stamp naming the JDK and this script's content skips rebuilding the JRE.
# usage: build-runtime.sh OUT_DIR [jre|none]
set -euo pipefail

layers=${1:?usage: build-runtime.sh OUT_DIR [jre|none]}
mkdir -p "$layers/none" "$layers/filesystem/tmp" "$layers/filesystem/var/lib/tillstream" "$layers/filesystem/etc/tillstream"
cp "$(dirname "$0")/logback.xml" "$layers/filesystem/etc/tillstream/logback.xml"
[[ "${2:-jre}" == none ]] && exit 0
out=$layers/jre
# Modules built in parallel (-T) share the layer: one builds it, the others wait for it.
exec 9>"$layers/.lock"
flock 9
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
# Everything the services use: java.se (JMX, JAAS, JNDI, SQL types of Avro/Jackson...), Unsafe for
# Kafka and Netty, the JDK HTTP server of the Streams services, EC and PKCS#11 crypto for TLS,
# Kerberos/SASL helpers, DNS, and jcmd-style management for diagnosis.
modules=java.se,jdk.unsupported,jdk.httpserver,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.security.auth,jdk.security.jgss,jdk.naming.dns,jdk.management,jdk.management.agent,jdk.zipfs,jdk.localedata,jdk.jcmd
stamp="$("$java_home/bin/java" -version 2>&1 | head -1) $(sha256sum "$0" | cut -c1-16)"

if [[ -f "$layers/jre.stamp" && "$(cat "$layers/jre.stamp")" == "$stamp" ]]; then
  exit 0
fi
[[ -d "$java_home/jmods" ]] || { echo "build-runtime.sh: $java_home has no jmods; install a full JDK (e.g. openjdk-17-jdk) or build with -Djib.from.image=<a JRE image>" >&2; exit 1; }
command -v ldd >/dev/null || { echo "build-runtime.sh: ldd not found" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/opt/java"
"$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/opt/java/openjdk"

# Every shared library the JRE's executables and libraries need, at the path the loader looks for it.
# RocksDB (Kafka Streams' state stores) extracts its own .so at run time and links libstdc++ too.
# The services are headless: AWT, sound and font natives (X11, ALSA, freetype...) are left out.
{
  find "$out/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \) \
      ! -name 'libawt_xawt.so' ! -name 'libjawt.so' ! -name 'libsplashscreen.so' ! -name 'libjsound.so' ! -name 'libfontmanager.so' \
      ! -name 'liblcms.so' ! -name 'libjavajpeg.so' ! -name 'libmlib_image.so' -print0 |
    xargs -0 ldd 2>/dev/null
  # glibc >= 2.34 keeps pthread, rt and dl inside libc, but RocksDB still names the stub libraries.
  for extra in libstdc++.so.6 libgcc_s.so.1 libpthread.so.0 librt.so.1 libdl.so.2; do
    ldconfig -p | awk -v lib="$extra" '$1 == lib && /x86-64|x86_64|aarch64/ {print "=> " $NF; exit}'
  done
} | awk '/=>/ {print $(NF-1) == "=>" ? $NF : $3} /^\s*\/[^ ]*ld-linux/ {print $1}' |
  grep '^/' | sed 's/ (0x.*//' | sort -u | while read -r lib; do
    mkdir -p "$out$(dirname "$lib")"
    cp -L "$lib" "$out$lib"
  done
# The loader itself, under the name the ELF headers ask for (e.g. /lib64/ld-linux-x86-64.so.2).
interp=$(readelf -l "$out/opt/java/openjdk/bin/java" 2>/dev/null | sed -n 's/.*interpreter: \(.*\)]/\1/p' || true)
if [[ -n "$interp" && ! -e "$out$interp" ]]; then
  mkdir -p "$out$(dirname "$interp")"
  cp -L "$interp" "$out$interp"
fi
echo "$stamp" > "$layers/jre.stamp"
echo "build-runtime.sh: runtime layer in $out ($(du -sh "$out" | cut -f1))"
