#!/usr/bin/env bash
# Packs what the GPU backend's tests and timings need on a GPU machine that has no JVM and no Maven:
# a jlinked Java 17 runtime and the kernels-cuda module's test class path, under kernels-cuda/target/device
# (about 50 MiB). Then, on the GPU machine, from the repository root:
#   kernels-cuda/target/device/run.sh DeviceTests        # this module's tests, CudaParityTest included
#   kernels-cuda/target/device/run.sh CudaTimings 3      # side-by-side medians, GPU against pure Java
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -q -B -ntp install -DskipTests -pl kernels-cuda -am
mvn -q -B -ntp test-compile -pl kernels-cuda
mvn -q -B -ntp -pl kernels-cuda dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
out=kernels-cuda/target/device
rm -rf "$out"
mkdir -p "$out/lib"
tr ':' '\n' < kernels-cuda/target/cp.txt | xargs -I{} cp {} "$out/lib/"
cp -r kernels-cuda/target/classes "$out/classes"
cp -r kernels-cuda/target/test-classes "$out/test-classes"
jlink --add-modules java.base,java.desktop,java.sql,java.logging,java.management,jdk.unsupported,jdk.incubator.vector \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/jre"
cat > "$out/run.sh" <<'RUN'
#!/usr/bin/env bash
# run.sh CLASS [ARGS...]: runs org.poisonscan.cuda.CLASS with the bundled runtime and class path.
here="$(cd "$(dirname "$0")" && pwd)"
main="$1"; shift
exec "$here/jre/bin/java" -Xmx48g --add-modules jdk.incubator.vector -Djna.tmpdir="$here/jna" \
  -cp "$here/test-classes:$here/classes:$here/lib/*" "org.poisonscan.cuda.$main" "$@"
RUN
chmod +x "$out/run.sh"
du -sh "$out"
