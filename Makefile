# Thin wrappers around the go tool; CI calls `make test`.
GO       ?= go
BIN      := bin/polymarket-mcp
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)

.PHONY: all build run demo test vet fmt-check fuzz bench bench-smoke clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/polymarket-mcp

# run starts the server on stdio, as an MCP client would.
run: build
	./$(BIN)

# demo serves simulated markets (no network, no credentials) over
# streamable HTTP on loopback, for an MCP client or the Inspector to connect.
DEMO_ADDR ?= 127.0.0.1:8080
demo: build
	./$(BIN) --demo --http $(DEMO_ADDR)

# test is what CI runs: formatting, vet, every test under the race
# detector (fuzz seed corpora included), then the allocation-count tests
# (named *Allocates*), which skip under -race because it changes the counts.
test: fmt-check vet
	$(GO) test -race -count=1 -timeout 10m ./...
	$(GO) test -count=1 -run 'Allocates' ./...
	$(MAKE) --no-print-directory bench-smoke

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# fuzz runs every fuzz target in turn, FUZZTIME each (FUZZTIME=10m for a
# long run; a count such as 2000000x avoids Go's time-limit false alarms).
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./messages -run '^$$' -fuzz FuzzDecodeMarketFrame -fuzztime $(FUZZTIME)
	$(GO) test ./messages -run '^$$' -fuzz FuzzDecodeUserFrame -fuzztime $(FUZZTIME)
	$(GO) test ./messages -run '^$$' -fuzz FuzzDecodeRTDSFrame -fuzztime $(FUZZTIME)
	$(GO) test ./mcp -run '^$$' -fuzz FuzzToolArguments -fuzztime $(FUZZTIME)

# Packages that hold benchmarks (see BENCHMARKS.md).
BENCH_PKGS  = $(sort $(dir $(shell grep -rl --include='*_test.go' '^func Benchmark' .)))
BENCH_COUNT ?= 5
BENCH_OUT   ?= bin/bench.txt

# bench runs every benchmark BENCH_COUNT times, keeps the raw output in
# BENCH_OUT and prints each metric's median and range over the runs. The
# ratios that matter (decoder vs map baseline, system vs bare reader) are
# measured side by side inside one benchmark, so machine noise hits both.
bench:
	@mkdir -p $(dir $(BENCH_OUT))
	@{ $(GO) test -run '^$$' -bench . -benchmem -count $(BENCH_COUNT) -timeout 60m $(BENCH_PKGS); \
	  echo $$? > $(BENCH_OUT).rc; } | tee $(BENCH_OUT)
	@echo; echo "summary: median [min .. max] over $(BENCH_COUNT) runs ($(BENCH_OUT))"
	@awk "$$BENCH_SUMMARY" $(BENCH_OUT)
	@exit $$(cat $(BENCH_OUT).rc)

# bench-smoke runs every benchmark once in -short mode (smaller setups, a
# 200 ms latency run) so that `make test` keeps them compiling and working.
# It asserts nothing about timings.
bench-smoke:
	$(GO) test -short -run '^$$' -bench . -benchtime 1x -timeout 5m $(BENCH_PKGS)

# BENCH_SUMMARY groups `go test -bench` lines by benchmark and unit.
define BENCH_SUMMARY
/^Benchmark/ {
	name = $$1; sub(/-[0-9]+$$/, "", name)
	for (i = 3; i < NF; i += 2) {
		key = name SUBSEP $$(i + 1)
		if (!(key in vals)) order[++n] = key
		vals[key] = vals[key] " " $$i
	}
}
END {
	for (k = 1; k <= n; k++) {
		split(order[k], part, SUBSEP)
		m = split(vals[order[k]], v, " ")
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && v[j] + 0 < v[j - 1] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
		if (part[1] != last) { print part[1]; last = part[1] }
		printf "    %-24s %14s  [%s .. %s]\n", part[2], v[int((m + 1) / 2)], v[1], v[m]
	}
}
endef
export BENCH_SUMMARY

clean:
	rm -rf bin
