# hewar: see README.md. Every target that links SQLite builds with FTS5.
GO        ?= go
TAGS      := -tags sqlite_fts5
BIN       := bin/hewar
FUZZTIME  ?= 3m

.PHONY: build test demo bench fuzz fmt-check vet staticcheck clean

# -buildvcs=auto (go build's own default, which a GOFLAGS of -buildvcs=false
# turns off) stamps the commit into the binary: hewar version names it.
build:
	@echo "building $(BIN) (the first build compiles SQLite with cgo and can take a few minutes)"
	$(GO) build $(TAGS) -buildvcs=auto -o $(BIN) ./cmd/hewar

# Every test: formatting, vet, the test suite, and each fuzz target briefly.
# The short fuzz runs count executions (10000x), not seconds: when a -fuzztime
# deadline expires while a worker is minimizing a new input, go test can fail
# with a bare "context deadline exceeded" (a race in the fuzz coordinator), so
# a time limit made make test flaky. A count also does the same work on any machine.
test: fmt-check vet staticcheck
	$(GO) test $(TAGS) -count=1 -timeout 30m ./...
	bash scripts/fuzz.sh 10000x

demo: build
	./$(BIN) demo

# What the tests need and a fresh machine may lack (npm packages from the
# lock file; Debian packages when root): see scripts/test-deps.sh.
.PHONY: test-deps
test: test-deps
test-deps:
	@bash scripts/test-deps.sh
	@echo "make test: the first run compiles SQLite with cgo and can take a few minutes"

bench:
	$(GO) test $(TAGS) -run '^$$' -bench . -benchmem -timeout 60m ./...

# Longer fuzzing: every target for FUZZTIME each.
fuzz:
	bash scripts/fuzz.sh $(FUZZTIME)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi

vet:
	$(GO) vet $(TAGS) ./...

# staticcheck, pinned: go run fetches it through the Go module proxy the
# first time (into the module cache) and reuses it after.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

staticcheck:
	$(GO) run $(STATICCHECK) $(TAGS) ./...

clean:
	rm -rf bin
