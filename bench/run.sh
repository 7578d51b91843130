#!/usr/bin/env bash
# Coffer side by side with Postfix + Dovecot. Usage: bench/run.sh [--quick] [bench.py options]
#   --quick    reduced counts, under 15 minutes; the full run about 2 hours (55 minutes with --reps 1)
#   BENCH_JMH=0 skips the JMH crypto benchmarks
# Installs what it needs when run as root (Debian/Ubuntu), builds Coffer if needed, and
# ends with the line `smtp-ingest coffer/postfix+dovecot = R`. Details: bench/README.md.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export COFFER_JAVA=${COFFER_JAVA:-$JAVA_HOME/bin/java}
export COFFER_JAR=${COFFER_JAR:-$REPO/target/coffer.jar}
export PATH="$PATH:/usr/sbin:/sbin"
OUT="$HERE/out"
QUICK=0
for arg in "$@"; do [ "$arg" = --quick ] && QUICK=1; done
mkdir -p "$OUT"

# --- packages ----------------------------------------------------------------------------
PACKAGES="postfix dovecot-core dovecot-lmtpd dovecot-imapd python3 openssl"
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "missing packages:$missing (run as root to install them)" >&2
        exit 1
    fi
    echo "installing:$missing"
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    timeout 600 apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq $missing
    # The benchmark runs private instances only: stop whatever the packages started.
    if [ -f /etc/postfix/main.cf ] && postfix status >/dev/null 2>&1; then timeout 60 postfix stop || true; fi
    if [ -f /run/dovecot/master.pid ]; then timeout 60 doveadm stop 2>/dev/null || true; fi
fi
if [ "$(id -u)" != 0 ]; then
    echo "bench/run.sh needs root: Postfix and Dovecot drop privileges to their own users" >&2
    exit 1
fi
ulimit -n "$(ulimit -Hn)" || true

# --- build -------------------------------------------------------------------------------
if [ ! -f "$COFFER_JAR" ] || [ -n "$(find "$REPO/src" "$REPO/pom.xml" -newer "$COFFER_JAR" -print -quit)" ]; then
    echo "building $COFFER_JAR"
    (cd "$REPO" && { timeout 1200 ./mvnw -q -B -o -DskipTests package || timeout 1200 ./mvnw -q -B -DskipTests package; })
fi

# --- the machine -------------------------------------------------------------------------
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "commit: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "nproc: $(nproc)"
    echo "cpu: $(lscpu | sed -n 's/^Model name: *//p')"
    echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "java: $("$COFFER_JAVA" -version 2>&1 | head -1)"
    echo "postfix: $(postconf -d mail_version 2>/dev/null | sed 's/.*= //'), dovecot: $(dovecot --version)"
    echo "python: $(python3 --version 2>&1)"
} | tee "$OUT/machine.txt"

# --- JMH: crypto hot path ----------------------------------------------------------------
if [ "${BENCH_JMH:-1}" = 1 ]; then
    if [ $QUICK = 1 ]; then JMH_ARGS="-f 1 -wi 1 -w 2s -i 2 -r 2s"; else JMH_ARGS="-f 1 -wi 5 -w 3s -i 5 -r 3s"; fi
    if (cd "$HERE/jmh" && { timeout 900 "$REPO/mvnw" -q -B -o package || timeout 900 "$REPO/mvnw" -q -B package; }) \
            >"$OUT/jmh-build.log" 2>&1; then
        CP="$HERE/jmh/target/classes:$(cat "$HERE/jmh/target/classpath.txt"):$COFFER_JAR"
        timeout 1800 "$COFFER_JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" org.openjdk.jmh.Main $JMH_ARGS \
            -rf json -rff "$OUT/jmh.json" CryptoBench >"$OUT/jmh.log" 2>&1 \
            || echo "JMH failed or timed out: $OUT/jmh.log"
        sed -n '/^Benchmark /,$p' "$OUT/jmh.log" | grep -v '^$' || true
    else
        echo "JMH build failed: $OUT/jmh-build.log"
    fi
fi

# --- servers side by side ----------------------------------------------------------------
if [ $QUICK = 1 ]; then LIMIT=1500; else LIMIT=21600; fi
exec timeout -k 60 $LIMIT python3 "$HERE/bench.py" --out "$OUT" "$@"
