#!/bin/sh
# Builds a program against an installed redflag with pkg-config, as a user would, and runs it
# with LD_LIBRARY_PATH unset.
#   build_and_run.sh PACKAGE COMPILER PREFIX LIBDIR SOURCE OUTPUT RULES [EXTRA_FLAGS]
# PACKAGE redflag:     a C program on the C ABI (libredflag_c.so), given a run path to it:
#   cc prog.c $(pkg-config --cflags --libs redflag) -Wl,-rpath,$(pkg-config --variable=libdir redflag)
# PACKAGE redflag-cpp: a C++ program on the core, static by default (the run path is for a core
# built with BUILD_SHARED_LIBS=ON):
#   c++ -std=c++20 prog.cpp $(pkg-config --static --cflags --libs redflag-cpp)
# EXTRA_FLAGS are the flags of the tree that was installed (a sanitizer build needs its runtime).
set -eu
package=$1 compiler=$2 prefix=$3 libdir=$4 source=$5 output=$6 rules=$7 extra=${8:-}
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
# shellcheck disable=SC2086  # the flags are words
case $package in
  redflag)
    "$compiler" -std=c99 -Wall -Wextra -pedantic -Werror $extra "$source" \
      $(pkg-config --cflags --libs redflag) -Wl,-rpath,"$(pkg-config --variable=libdir redflag)" \
      -o "$output" ;;
  redflag-cpp)
    "$compiler" -std=c++20 -Wall -Wextra -pedantic -Werror $extra "$source" \
      $(pkg-config --static --cflags --libs redflag-cpp) \
      -Wl,-rpath,"$(pkg-config --variable=libdir redflag-cpp)" -o "$output" ;;
  *) echo "build_and_run.sh: unknown package $package" >&2; exit 64 ;;
esac
env -u LD_LIBRARY_PATH "$output" "$rules"
