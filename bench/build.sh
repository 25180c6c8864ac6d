# Sourced by the bench scripts (run from the repository root): bench_build TARGET... configures
# the build tree when it does not exist yet and builds the targets. Sets `build`: BUILD_DIR, or
# build/release (the `release` preset) by default; JOBS=N sets the build parallelism.
bench_build() {
  build="${BUILD_DIR:-build/release}"
  if [[ ! -f "$build/build.ninja" && ! -f "$build/Makefile" ]]; then
    if [[ "$build" == build/release ]]; then
      cmake --preset release >&2
    else
      cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DREDFLAG_WARNINGS_AS_ERRORS=ON \
        -DREDFLAG_BUILD_BENCH=ON >&2
    fi
  fi
  echo "== building $* in $build" >&2
  cmake --build "$build" --target "$@" --parallel "${JOBS:-$(nproc)}" >&2
}
