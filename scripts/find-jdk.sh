# Sourced by ./bcpki and .ci/run: selects a JDK >= 21 and exports JAVA_HOME, JAVA and BCPKI_JAVA_MAJOR.
# Order: JAVA_HOME when it is suitable, else the newest JDK under /usr/lib/jvm (or $BCPKI_JVM_DIR).

bcpki_java_major() { # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

bcpki_find_jdk() {
  local min=21 seen="" candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(bcpki_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then
      best="$JAVA_HOME"; best_major="$major"
    else
      seen="$seen JAVA_HOME=$JAVA_HOME (java ${major:-?})"
    fi
  fi
  if [ -z "$best" ]; then
    for candidate in "${BCPKI_JVM_DIR:-/usr/lib/jvm}"/*; do
      [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
      [ -L "$candidate" ] && continue   # aliases of the same JDK
      major=$(bcpki_java_major "$candidate/bin/java")
      [ -n "$major" ] || continue
      seen="$seen $candidate (java $major)"
      if [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
        best="$candidate"; best_major="$major"
      fi
    done
  fi
  if [ -z "$best" ]; then
    echo "bcpki: no JDK $min or newer found." >&2
    echo "  looked at:${seen:- nothing (no JAVA_HOME, no JDK under ${BCPKI_JVM_DIR:-/usr/lib/jvm})}" >&2
    echo "  install a JDK $min+ (e.g. Temurin 25) and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best" JAVA="$best/bin/java" BCPKI_JAVA_MAJOR="$best_major"
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven 3.8's bundled Guava uses sun.misc.Unsafe; JDK 24+ warns about it on every run.
  if [ "$best_major" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in *unsafe-memory-access*) ;; *)
      export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow";; esac
  fi
}
