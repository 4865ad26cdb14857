#!/bin/sh
# Build the libFuzzer targets (`make fuzz`): compile the library's sources
# again with clang and -fsanitize=fuzzer-no-link,address,undefined into
# fuzz/build/obj (libembargo.a is built by the configured compiler, usually
# gcc, without the coverage instrumentation libFuzzer needs), then link each
# fuzz/fuzz_NAME.c as fuzz/build/fuzz_NAME.  Objects are rebuilt when their
# source or any header is newer.
#
# From the Makefile: FUZZ_CC, FUZZ_CPPFLAGS, FUZZ_PKGDATADIR, FUZZ_LIBS, srcdir; arguments:
# the library's source files (headers are skipped), then "--", then the
# target names.
set -eu
out=fuzz/build
mkdir -p "$out/obj"
flags="-g -O1 -std=c11 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
newest_h=$(ls -t "$srcdir"/mailer/*/*.h "$srcdir"/fuzz/fuzz.h | head -n 1)

jobs=${FUZZ_JOBS:-2}
running=0
pids=""
compile() { # compile SRC OBJ, $jobs at a time (finish with wait_all)
	if [ ! -f "$2" ] || [ "$1" -nt "$2" ] || [ "$newest_h" -nt "$2" ]; then
		echo "  FUZZCC   $2"
		rm -f "$2"
		$FUZZ_CC $flags -fsanitize=fuzzer-no-link $FUZZ_CPPFLAGS -I"$srcdir/fuzz" \
			-DPKGDATADIR="\"$FUZZ_PKGDATADIR\"" -c "$1" -o "$2" &
		pids="$pids $!"
		running=$((running + 1))
		if [ $running -ge "$jobs" ]; then
			wait_all
		fi
	fi
}
wait_all() {
	# wait on each job: a plain "wait" would not report a failed compile
	for p in $pids; do
		wait "$p" || exit 1
	done
	pids=""
	running=0
}

objs=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	case $1 in
	*.c)
		o="$out/obj/$(basename "$1" .c).o"
		compile "$srcdir/$1" "$o"
		objs="$objs $o"
		;;
	esac
	shift
done
[ $# -gt 0 ] && shift
compile "$srcdir/fuzz/fuzz.c" "$out/obj/fuzz-common.o"
for t in "$@"; do
	compile "$srcdir/fuzz/fuzz_$t.c" "$out/obj/fuzz_$t.o"
done
wait_all
for t in "$@"; do
	bin="$out/fuzz_$t"
	stale=no
	[ -f "$bin" ] || stale=yes
	for o in $objs "$out/obj/fuzz-common.o" "$out/obj/fuzz_$t.o"; do
		[ "$o" -nt "$bin" ] && stale=yes
	done
	if [ $stale = yes ]; then
		echo "  FUZZLD   $bin"
		$FUZZ_CC $flags -fsanitize=fuzzer "$out/obj/fuzz_$t.o" "$out/obj/fuzz-common.o" \
			$objs $FUZZ_LIBS -o "$bin"
	fi
done
