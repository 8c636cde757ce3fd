#!/usr/bin/env bash
# Builds deployrole in release mode as Scripts/install.sh does, and measures it: the deployrole-bench
# figures (catalog load, Code Ocean parse vs generate, the corpus, peak RSS), then the CLI end to end on
# Code Ocean v3.8.2 with /usr/bin/time -v, whole processes side by side (parse-only, generate, check,
# diff, with their ratios), the scaling series (100, 250, 500 queues; 500 mixed resources) and, when
# installed, hyperfine.
#
# usage: Scripts/bench.sh [deployrole-bench arguments...]   (e.g. --iterations 10 --corpus-iterations 3)
# env:   SCRATCH (default .build-bench), CODEOCEAN (default ../shared/codeocean/v3.8.2/codeocean.template.yaml),
#        SKIP_BUILD=1 to reuse the binaries already built, RUNS (whole-process rounds, default 15),
#        HYPERFINE_RUNS (default 10).
set -euo pipefail

cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-bench}
CODEOCEAN=${CODEOCEAN:-../shared/codeocean/v3.8.2/codeocean.template.yaml}
HYPERFINE_RUNS=${HYPERFINE_RUNS:-10}

echo "== machine"
echo "nproc: $(nproc)"
echo "cpu:   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "swift: $(swift --version 2>&1 | head -1)"
echo "git:   $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- Sources 2>/dev/null || echo ' (Sources modified)')"
echo "load:  $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# Both built as Scripts/install.sh builds the installed binary (the Swift runtime linked in: a process starts
# in about 5 ms instead of 10-15), so the whole-process figures are those of what users run, and the
# parse-only baseline starts the same way.
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo "== build (release, --static-swift-stdlib, --scratch-path $SCRATCH)"
    swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product deployrole-bench
    swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product deployrole
    echo
fi
BIN="$SCRATCH/release"

echo "== deployrole-bench $*"
"$BIN/deployrole-bench" --codeocean "$CODEOCEAN" "$@"

echo "== CLI end to end: deployrole generate $CODEOCEAN -o /dev/null"
if [[ -x /usr/bin/time ]]; then
    log=$(mktemp)
    /usr/bin/time -v "$BIN/deployrole" generate "$CODEOCEAN" -o /dev/null 2>"$log" || {
        echo "deployrole generate failed:"; cat "$log"; rm -f "$log"; exit 1; }
    grep -E 'Elapsed \(wall clock\)|Maximum resident set size|User time|System time' "$log" | sed 's/^\s*/  /'
    rm -f "$log"
else
    echo "  /usr/bin/time not found (apt-get install -y time); skipped"
fi
echo

OLD=${OLD:-../shared/codeocean/v3.7.0/codeocean.template.yaml}
ROLE=$(mktemp --suffix=.yaml)
"$BIN/deployrole" generate "$OLD" --any-parameter-value --no-service-linked-roles -o "$ROLE"
CHECK="$BIN/deployrole check $CODEOCEAN --any-parameter-value --no-service-linked-roles --role $ROLE -o /dev/null"
DIFF="$BIN/deployrole diff $OLD $CODEOCEAN --any-parameter-value --no-service-linked-roles -o /dev/null"
for command in "$CHECK" "$DIFF"; do
    echo "== CLI end to end: ${command#"$BIN/"}"
    log=$(mktemp)
    /usr/bin/time -v $command 2>"$log" || true   # check exits 1 when permissions are missing
    grep -E 'Elapsed \(wall clock\)|Maximum resident set size' "$log" | sed 's/^\s*/  /'
    rm -f "$log"
done
echo

RUNS=${RUNS:-15}
echo "== whole processes, side by side: min and median of $RUNS runs each, taken in turn"
TIMES=$(mktemp -d)
for ((run = 0; run < RUNS; run++)); do
    for name in parse-only generate check diff; do
        case $name in
            parse-only) command="$BIN/deployrole-bench --parse-file $CODEOCEAN" ;;
            generate) command="$BIN/deployrole generate $CODEOCEAN -o /dev/null" ;;
            check) command="$CHECK" ;;
            diff) command="$DIFF" ;;
        esac
        start=$(date +%s%N)
        $command >/dev/null 2>&1 || true   # check exits 1 when permissions are missing
        echo $((($(date +%s%N) - start) / 1000000)) >> "$TIMES/$name"
    done
done
for name in parse-only generate check diff; do
    sort -n "$TIMES/$name" > "$TIMES/$name.sorted"
    printf '  %-10s min %4d ms  median %4d ms\n' "$name" "$(head -1 "$TIMES/$name.sorted")" \
        "$(sed -n "$(((RUNS + 1) / 2))p" "$TIMES/$name.sorted")"
done
minimum() { head -1 "$TIMES/$1.sorted"; }
ratio() { awk -v a="$(minimum "$1")" -v b="$(minimum "$2")" 'BEGIN { printf "%.2fx", a / b }'; }
echo "  by minimums: generate / parse-only $(ratio generate parse-only), check / generate $(ratio check generate)," \
     "diff / generate $(ratio diff generate) (targets: each at most 2x)"
# Each round's own ratios (its four runs taken back to back), their median over the rounds: steadier than
# ratios of minimums when the machine's speed drifts from round to round.
round_ratio() {
    paste "$TIMES/$1" "$TIMES/$2" | awk '{ print $1 / $2 }' | sort -g \
        | awk '{ r[NR] = $1 } END { printf "%.2fx", r[int((NR + 1) / 2)] }'
}
echo "  by rounds (median of the rounds' ratios): generate / parse-only $(round_ratio generate parse-only)," \
     "check / generate $(round_ratio check generate), diff / generate $(round_ratio diff generate)"
rm -rf "$TIMES"
echo

echo "== scaling series: policies and time as a release grows (generate, the default quota of 10 policies)"
SCALE=$(mktemp -d)
release() {  # release COUNT KIND... : COUNT resources R1..RCOUNT of the given kinds in turn
    local count=$1; shift
    local kinds=("$@")
    echo "Resources:"
    for ((i = 1; i <= count; i++)); do
        echo "  R$i:"
        case ${kinds[$(((i - 1) % ${#kinds[@]}))]} in
            queue) echo "    Type: AWS::SQS::Queue" ;;
            topic) echo "    Type: AWS::SNS::Topic" ;;
            logs) printf '    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 7\n' ;;
            bucket) echo "    Type: AWS::S3::Bucket" ;;
            group) printf '    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: app\n      VpcId: vpc-0123456789abcdef0\n' ;;
            parameter) printf '    Type: AWS::SSM::Parameter\n    Properties:\n      Type: String\n      Value: v\n' ;;
        esac
    done
}
for n in 100 250 500; do release "$n" queue > "$SCALE/queues-$n.yaml"; done
release 500 queue topic logs bucket group parameter > "$SCALE/mixed-500.yaml"
for file in "$SCALE"/queues-100.yaml "$SCALE"/queues-250.yaml "$SCALE"/queues-500.yaml "$SCALE"/mixed-500.yaml; do
    log=$(mktemp)
    /usr/bin/time -f "%e s, %M KB" "$BIN/deployrole" generate "$file" -o "$SCALE/role.yaml" 2>"$log" || true
    policies=$(grep -c "Type: AWS::IAM::ManagedPolicy" "$SCALE/role.yaml" 2>/dev/null || echo "?")
    echo "  $(basename "$file" .yaml): $policies managed policies, $(tail -1 "$log")"
    rm -f "$log" "$SCALE/role.yaml"
done
rm -rf "$SCALE"
echo

if command -v hyperfine >/dev/null 2>&1; then
    echo "== hyperfine ($HYPERFINE_RUNS runs, 1 warm-up)"
    hyperfine --warmup 1 --runs "$HYPERFINE_RUNS" --style basic -i \
        "$BIN/deployrole generate $CODEOCEAN -o /dev/null" "$CHECK" "$DIFF"
else
    echo "== hyperfine not installed (apt-get install -y hyperfine); skipped"
fi
rm -f "$ROLE"
