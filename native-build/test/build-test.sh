#!/usr/bin/env bash
# Tests of native-build/build and its packaging functions that need neither Maven nor a native toolchain
# (the Maven and native parts are exercised by `native-build/build --mode jvm` and the CI workflow).
#   native-build/test/build-test.sh      exit 0 when every test passes
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="$HERE/../build"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
passed=0 failed=0

check() { # name, then a command that must succeed
  local name="$1"; shift
  if ( "$@" ) >"$WORK/$name.out" 2>&1; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$WORK/$name.out"; fi
}

# A PATH without native-image, with a docker CLI whose engine does not answer.
mkdir -p "$WORK/bin"
printf '#!/bin/sh\necho "Cannot connect to the Docker daemon" >&2\nexit 1\n' > "$WORK/bin/docker"
chmod +x "$WORK/bin/docker"
no_toolchain() { env -u GRAALVM_HOME PATH="$WORK/bin:/usr/bin:/bin" "$@"; }

shouldFailFastBeforeMaven_whenNoNativeToolchain() {
  local start end code
  start=$(date +%s%N)
  no_toolchain "$BUILD" --mode native >"$WORK/out" 2>"$WORK/err"; code=$?
  end=$(date +%s%N)
  [ "$code" -eq 4 ] || { echo "exit $code, expected 4"; return 1; }
  [ $(( (end - start) / 1000000 )) -lt 3000 ] || { echo "took $(( (end - start) / 1000000 )) ms"; return 1; }
  ! grep -q 'building' "$WORK/out" || { echo "Maven work started:"; cat "$WORK/out"; return 1; }
  grep -q "GRAALVM_HOME" "$WORK/err" && grep -q "docker info" "$WORK/err" && grep -q "mandrel" "$WORK/err" \
    && grep -q -- "--mode jvm" "$WORK/err" || { cat "$WORK/err"; return 1; }
}

shouldRejectTheRun_whenAFunctionIsUnknown() {
  no_toolchain "$BUILD" --mode jvm billing >/dev/null 2>"$WORK/err" && return 1
  grep -q "unknown function 'billing'" "$WORK/err"
}

shouldKnowTheAuditApi_whenItIsNamed() {
  # Known functions pass the name check and reach the toolchain check (exit 4 here, before any Maven work).
  no_toolchain "$BUILD" --mode native audit-api >/dev/null 2>"$WORK/err"; local code=$?
  [ "$code" -eq 4 ] || { echo "exit $code, expected 4"; cat "$WORK/err"; return 1; }
  ! grep -q "unknown function" "$WORK/err"
}

shouldRequireAMode_whenNoneIsGiven() {
  "$BUILD" ingestion >/dev/null 2>"$WORK/err" && return 1
  grep -q -- "--mode jvm|native is required" "$WORK/err"
}

# The packaging functions, on stand-ins: an x86-64 ELF for the native executable, a jar holding fake ORT libraries.
fail() { echo "native-build: $*" >&2; exit 1; }
source "$HERE/../lib/package.sh"
mkdir -p "$WORK/native" "$WORK/jvm/lib" "$WORK/jvm/io/quarkus/runtime/generated" "$WORK/ort/ai/onnxruntime/native/linux-x64" \
  "$WORK/ort/ai/onnxruntime/native/linux-aarch64"
cp /bin/true "$WORK/native/bootstrap"
(cd "$WORK/native" && zip -q "$WORK/native.zip" bootstrap)
for arch in linux-x64 linux-aarch64; do
  for lib in libonnxruntime.so libonnxruntime4j_jni.so; do echo "$arch $lib" > "$WORK/ort/ai/onnxruntime/native/$arch/$lib"; done
done
(cd "$WORK/ort" && zip -q -r "$WORK/jvm/lib/com.microsoft.onnxruntime.onnxruntime-1.28.0.jar" ai)
echo x > "$WORK/jvm/io/quarkus/runtime/generated/Config.class"
(cd "$WORK/jvm" && zip -q -r "$WORK/scoring-jvm.zip" .)
(cd "$WORK/jvm" && zip -q -r "$WORK/plain-jvm.zip" io && zip -q -r "$WORK/plain-jvm.zip" lib -x '*onnxruntime*' \
  && echo y > lib/other.jar && zip -q "$WORK/plain-jvm.zip" lib/other.jar)

shouldCopyTheJvmPackage_whenItHasClassesAtTheRootAndLibJars() {
  ( package_jvm_zip "$WORK/scoring-jvm.zip" "$WORK/out-jvm.zip" ) && cmp -s "$WORK/scoring-jvm.zip" "$WORK/out-jvm.zip"
}

shouldRefuseTheJvmPackage_whenItHoldsANativeBootstrap() {
  cp "$WORK/scoring-jvm.zip" "$WORK/mixed.zip" && (cd "$WORK/native" && zip -q "$WORK/mixed.zip" bootstrap)
  ! ( package_jvm_zip "$WORK/mixed.zip" "$WORK/out-mixed.zip" ) 2>"$WORK/err" && grep -q "native bootstrap" "$WORK/err"
}

shouldShipOrtLibrariesAndAWrapperBootstrap_whenTheFunctionUsesOnnxRuntime() {
  package_native_zip "$WORK/native.zip" "$WORK/scoring.zip" x86_64 "$WORK/scoring-jvm.zip" || return 1
  zipinfo "$WORK/scoring.zip" | grep -- '-rwxr-xr-x .* bootstrap$' >/dev/null || { zipinfo "$WORK/scoring.zip"; return 1; }
  zipinfo "$WORK/scoring.zip" | grep -- '-rwxr-xr-x .* runner$' >/dev/null || return 1
  [ "$(unzip -p "$WORK/scoring.zip" lib/libonnxruntime.so)" = "linux-x64 libonnxruntime.so" ] || return 1
  [ "$(unzip -p "$WORK/scoring.zip" lib/libonnxruntime4j_jni.so)" = "linux-x64 libonnxruntime4j_jni.so" ] || return 1
  # The bootstrap starts the runner with the library directory of the task root it runs in.
  mkdir -p "$WORK/task" && unzip -q "$WORK/scoring.zip" -d "$WORK/task"
  printf '#!/bin/sh\necho "$@"\n' > "$WORK/task/runner"
  [ "$(LAMBDA_TASK_ROOT="$WORK/task" "$WORK/task/bootstrap" extra)" = "-Donnxruntime.native.path=$WORK/task/lib extra" ]
}

shouldKeepThePlainBootstrap_whenTheFunctionDoesNotUseOnnxRuntime() {
  package_native_zip "$WORK/native.zip" "$WORK/plain.zip" x86_64 "$WORK/plain-jvm.zip" || return 1
  [ "$(unzip -Z1 "$WORK/plain.zip")" = "bootstrap" ] && zipinfo "$WORK/plain.zip" | grep -- '-rwxr-xr-x .* bootstrap$' >/dev/null
}

shouldRefuseTheNativeZip_whenTheExecutableIsForAnotherArchitecture() {
  ! package_native_zip "$WORK/native.zip" "$WORK/arm.zip" arm64 "$WORK/plain-jvm.zip" 2>"$WORK/err" \
    && grep -q "not a Linux arm64 executable" "$WORK/err" && [ ! -f "$WORK/arm.zip" ]
}

for test in $(declare -F | awk '{print $3}' | grep '^should'); do check "$test" "$test"; done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
