# Thin wrappers around the go tool; CI calls `make test`.
GO       ?= go
BIN      := bin/polymarket-mcp
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)

.PHONY: all build run test vet fmt-check fuzz bench clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/polymarket-mcp

# run starts the server on stdio, as an MCP client would.
run: build
	./$(BIN)

# test is what CI runs: formatting, vet, and every test under the race
# detector (fuzz seed corpora included).
test: fmt-check vet
	$(GO) test -race -count=1 -timeout 10m ./...

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# fuzz runs the decoder fuzz target; FUZZTIME=10m for a long run.
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./messages -run '^$$' -fuzz FuzzDecodeMarketFrame -fuzztime $(FUZZTIME)

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./...

clean:
	rm -rf bin
