#!/bin/sh
# Run libFuzzer targets built by `make fuzz`: `fuzz/run.sh SECONDS NAME...`
# runs each target for SECONDS over its committed seed corpus
# (fuzz/corpus/NAME, read only) and a scratch corpus in fuzz/build/corpus/NAME
# (where new inputs go), two targets at a time, and fails when any target
# finds a crash, a leak, a timeout or an out-of-memory (the reproducer is
# left in fuzz/build/ and its log in fuzz/build/NAME.log).  The last
# "#N DONE cov: ... ft: ..." line of each log gives the executions and
# coverage.  fuzz/build/NAME.trs records each result for tools/count-results.
# srcdir comes from the environment (the Makefile sets it).
set -u
secs=$1
shift
srcdir=${srcdir:-.}
out=fuzz/build
mkdir -p "$out/tmp"
FUZZ_TMPDIR=$(cd "$out/tmp" && pwd)
export FUZZ_TMPDIR
jobs=${FUZZ_JOBS:-2}

run_one() { # run_one NAME: 0 when the run ended without finding anything
	name=$1
	mkdir -p "$out/corpus/$name"
	"$out/fuzz_$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len="${FUZZ_MAX_LEN:-65536}" -print_final_stats=1 \
		-artifact_prefix="$out/$name-" \
		"$out/corpus/$name" "$srcdir/fuzz/corpus/$name" >"$out/$name.log" 2>&1
}

report() { # report NAME STATUS; NAME.trs holds the result in automake's form
	stats=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$out/$1.log" | tail -n 1)
	if [ "$2" -eq 0 ]; then
		echo ":test-result: PASS fuzz $1" >"$out/$1.trs"
		echo "fuzz $1: ok ${stats:-(no stats)}"
	else
		echo ":test-result: FAIL fuzz $1" >"$out/$1.trs"
		echo "fuzz $1: FAILED (exit $2), see $out/$1.log"
		grep -E 'ERROR|SUMMARY|Test unit written' "$out/$1.log" | head -n 5
	fi
}

failed=0
while [ $# -gt 0 ]; do
	batch=""
	i=0
	while [ $# -gt 0 ] && [ $i -lt "$jobs" ]; do
		run_one "$1" &
		batch="$batch $1:$!"
		shift
		i=$((i + 1))
	done
	for job in $batch; do
		wait "${job#*:}"
		rc=$?
		report "${job%%:*}" $rc
		[ $rc -eq 0 ] || failed=1
	done
done
rm -rf "$out/tmp"
exit $failed
