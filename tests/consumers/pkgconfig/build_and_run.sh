#!/bin/sh
# Builds a C program against an installed redflag with pkg-config, as a user would, and runs it.
#   build_and_run.sh PREFIX LIBDIR SOURCE.c OUTPUT RULES [EXTRA_CFLAGS]
# EXTRA_CFLAGS are the flags of the tree that was installed (a sanitizer build needs its runtime).
set -eu
prefix=$1 libdir=$2 source=$3 output=$4 rules=$5 extra=${6:-}
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
# shellcheck disable=SC2086  # the flags are words
cc -std=c99 -Wall -Wextra -pedantic -Werror $extra "$source" $(pkg-config --cflags --libs redflag) -o "$output"
LD_LIBRARY_PATH="$prefix/$libdir" "$output" "$rules"
