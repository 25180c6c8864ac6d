#!/bin/sh
# Builds a C program against an installed redflag with pkg-config, as a user would, and runs it.
#   build_and_run.sh PREFIX LIBDIR SOURCE.c OUTPUT RULES
set -eu
prefix=$1 libdir=$2 source=$3 output=$4 rules=$5
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
cc -std=c99 -Wall -Wextra -pedantic -Werror "$source" $(pkg-config --cflags --libs redflag) -o "$output"
LD_LIBRARY_PATH="$prefix/$libdir" "$output" "$rules"
