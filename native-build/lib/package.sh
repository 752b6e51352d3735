# Turns what Quarkus' amazon-lambda extension writes to functions/<f>/target/function.zip into the deployable zips of
# native-build/dist/, checking each one's layout. Sourced by native-build/build; needs unzip and zip.

# The java21 runtime's layout: the application's classes at the root, its dependencies as lib/*.jar, no bootstrap.
package_jvm_zip() {
  local source="$1" dest="$2" listing
  [ -f "$source" ] || fail "$source is missing: the Maven build did not package it"
  listing="$(unzip -Z1 "$source")"
  grep -q '^lib/.*\.jar$' <<<"$listing" || fail "$source has no lib/*.jar: not a Lambda java21 package"
  grep -q '^io/quarkus/runtime/generated/.*\.class$' <<<"$listing" \
    || fail "$source has no Quarkus application classes at its root: not a Lambda java21 package"
  if grep -qx 'bootstrap' <<<"$listing"; then
    fail "$source holds a native bootstrap, not the JVM package (was it built with -Dquarkus.native.enabled?)"
  fi
  cp "$source" "$dest.tmp" && mv "$dest.tmp" "$dest"
}

# provided.al2023's layout: an executable `bootstrap` at the root. A function whose JVM package carries ONNX Runtime
# also gets ONNX Runtime's shared libraries for the target architecture under lib/, and a two-line bootstrap that
# points ONNX Runtime at them (-Donnxruntime.native.path), so nothing is extracted to /tmp at cold start (ADR 0060).
# Runs in a subshell, so that its temporary directory is removed however it ends.
package_native_zip() (
  local source="$1" dest="$2" arch="$3" jvm_zip="$4" work ort_jar ort_arch
  [ -f "$source" ] || fail "$source is missing: the native build did not package it"
  unzip -Z1 "$source" | grep -x 'bootstrap' >/dev/null || fail "$source has no bootstrap: the native build did not run"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  unzip -q "$source" -d "$work/task"
  local machine; machine="$([ "$arch" = arm64 ] && echo 'ARM aarch64' || echo 'x86-64')"
  file -b "$work/task/bootstrap" | grep "ELF 64-bit .*$machine" >/dev/null \
    || fail "$source: bootstrap is not a Linux $arch executable ($(file -b "$work/task/bootstrap" | cut -c1-60))"
  ort_jar="$(unzip -Z1 "$jvm_zip" | grep -E '^lib/com\.microsoft\.onnxruntime\.onnxruntime-[^/]*\.jar$' | head -1 || true)"
  if [ -n "$ort_jar" ]; then
    ort_arch="$([ "$arch" = arm64 ] && echo linux-aarch64 || echo linux-x64)"
    unzip -q -j "$jvm_zip" "$ort_jar" -d "$work/ort"
    mkdir -p "$work/task/lib"
    unzip -q -j "$work/ort/$(basename "$ort_jar")" "ai/onnxruntime/native/$ort_arch/*.so" -d "$work/task/lib"
    [ -f "$work/task/lib/libonnxruntime.so" ] && [ -f "$work/task/lib/libonnxruntime4j_jni.so" ] \
      || fail "$(basename "$ort_jar") has no $ort_arch libraries"
    mv "$work/task/bootstrap" "$work/task/runner"
    cat > "$work/task/bootstrap" <<'SCRIPT'
#!/bin/sh
# ONNX Runtime loads its libraries from the task's lib/ instead of extracting them to /tmp (native-build ADR 0060).
exec "${LAMBDA_TASK_ROOT:-/var/task}/runner" -Donnxruntime.native.path="${LAMBDA_TASK_ROOT:-/var/task}/lib" "$@"
SCRIPT
  fi
  chmod 755 "$work/task/bootstrap"
  [ -f "$work/task/runner" ] && chmod 755 "$work/task/runner"
  rm -f "$dest.tmp"
  (cd "$work/task" && zip -q -X -r "$dest.tmp" .)
  mv "$dest.tmp" "$dest"
)
