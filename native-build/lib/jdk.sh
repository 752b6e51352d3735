# Finds a JDK 21 or newer and exports JAVA_HOME/PATH. The same search as ./pipeline (JAVA_HOME, /usr/lib/jvm/*, the
# javac on PATH; the newest wins), kept here so that native-build does not depend on the pipeline script.
# Sourced by native-build/build; defines java_major and find_jdk.

java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1; }

find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for dir in /usr/lib/jvm/*; do [ -x "$dir/bin/javac" ] && candidates+=("$dir"); done
  if command -v javac >/dev/null 2>&1; then candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"); fi
  local best="" best_major=0 home major
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major="$(java_major "$home/bin/java")"
    major="${major%%.*}"
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$home"; best_major="$major"; fi
  done
  if [ -z "$best" ]; then
    echo "native-build: no JDK 21 or newer found (looked at JAVA_HOME, /usr/lib/jvm/* and the javac on PATH)." >&2
    echo "native-build: install one (for example Temurin 21 or 25) and set JAVA_HOME to it." >&2
    exit 3
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}
